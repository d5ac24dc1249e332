import { useRef } from 'react';
import { useSelfieSearch } from './SelfieSearchContext';

/** The keyboard way to a selfie search: a button that opens the file chooser. */
export function SelfieSearchButton() {
  const { searchFiles, busy } = useSelfieSearch();
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="selfie-button" disabled={busy} onClick={() => inputRef.current?.click()}>
        Search by selfie…
      </button>
      <input
        ref={inputRef}
        className="visually-hidden"
        type="file"
        accept="image/*"
        multiple
        aria-label="Selfie image files"
        tabIndex={-1}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Choosing the same file again must search again.
          event.target.value = '';
          if (files.length > 0) void searchFiles(files);
        }}
      />
    </>
  );
}
