import { useId, useRef, useState, type DragEvent } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ImageFilesInput } from '../../components/ImageFilesInput';
import { readImageFiles, type SelfieImage } from '../search/readImageFiles';
import { errorMessage } from '../../../../shared/error-message';

interface Props {
  images: readonly SelfieImage[];
  onChange: (images: SelfieImage[]) => void;
  /** Accessible name of the drop area and the file input. */
  label: string;
  /** Most images kept (the guest methods take ten). */
  max?: number;
}

/**
 * Selfies dropped here or chosen with the button. The drop stays here: drag events stop at this
 * area, so the window-wide selfie search neither shows its overlay nor searches.
 */
export function SelfieFilesField({ images, onChange, label, max = 10 }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add(files: readonly File[]) {
    setError(null);
    try {
      onChange([...images, ...(await readImageFiles(files))].slice(0, max));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const keep = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="selfie-field">
      <div
        className={`selfie-drop${over ? ' drop-target' : ''}`}
        role="group"
        aria-label={label}
        aria-describedby={hintId}
        onDragEnter={(e) => {
          keep(e);
          setOver(true);
        }}
        onDragOver={(e) => {
          keep(e);
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(e) => {
          keep(e);
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={(e) => {
          keep(e);
          setOver(false);
          void add(Array.from(e.dataTransfer.files));
        }}
      >
        <span id={hintId} className="hint">
          Drop selfies here, or
        </span>
        <button type="button" onClick={() => inputRef.current?.click()}>
          Choose selfies…
        </button>
        <ImageFilesInput ref={inputRef} label={`${label}: image files`} onFiles={(files) => void add(files)} />
      </div>
      {images.length > 0 && (
        <ul className="selfie-list" aria-label="Chosen selfies">
          {images.map((image, index) => (
            <li key={`${image.fileName}-${index}`}>
              <img src={image.dataUrl} alt="" width={48} height={48} />
              <span>{image.fileName}</span>
              <button
                type="button"
                className="link-button"
                aria-label={`Leave out ${image.fileName}`}
                onClick={() => onChange(images.filter((_, i) => i !== index))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}
