export type DuplicateKind = 'exact' | 'near';

const labels: Record<DuplicateKind, string> = { exact: 'Exact duplicates', near: 'Similar photos' };

export function DuplicateKindTabs({ kind, onChange }: { kind: DuplicateKind; onChange: (kind: DuplicateKind) => void }) {
  return (
    <div role="tablist" aria-label="Duplicate kind" className="tabs">
      {(Object.keys(labels) as DuplicateKind[]).map((k) => (
        <button key={k} type="button" role="tab" aria-selected={k === kind} onClick={() => onChange(k)}>
          {labels[k]}
        </button>
      ))}
    </div>
  );
}
