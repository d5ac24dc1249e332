import { useEffect, useRef } from 'react';
import type { PhotoDetail } from '../../../../shared/api';
import { RatingControl } from '../../components/selection/RatingControl';
import { useMarks } from '../../components/selection/useMarks';
import '../../components/selection/selection.css';

/** The viewer's heart (also the F key) and stars for the photo shown. */
export function PhotoMarks({ photo }: { photo: PhotoDetail }) {
  const marks = useMarks();
  const toggle = () => void marks.favourite([photo.id], !photo.favourite);
  const latestToggle = useRef(toggle);
  latestToggle.current = toggle;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'f' || event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      event.preventDefault();
      latestToggle.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <span className="viewer-marks">
      <button
        type="button"
        className="viewer-heart"
        aria-pressed={photo.favourite}
        aria-label="Favourite"
        title="Favourite (F)"
        disabled={marks.busy}
        onClick={toggle}
      >
        {photo.favourite ? '♥' : '♡'}
      </button>
      <RatingControl label="Rating" value={photo.rating} disabled={marks.busy} onRate={(rating) => void marks.rate([photo.id], rating)} />
      {marks.error && (
        <span role="alert" className="field-note">
          {marks.error}
        </span>
      )}
    </span>
  );
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
