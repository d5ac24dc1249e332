export function ErrorBanner({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error-banner" role="alert">
      {error}
    </p>
  );
}
