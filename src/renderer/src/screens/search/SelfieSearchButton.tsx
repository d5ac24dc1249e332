import { useRef } from 'react';
import { ImageFilesInput } from '../../components/ImageFilesInput';
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
      <ImageFilesInput ref={inputRef} label="Selfie image files" onFiles={(files) => void searchFiles(files)} />
    </>
  );
}
