import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../data/useApi';
import { usePhotoFaces } from '../../hooks/usePhotoFaces';
import { useViewerKeys } from '../../hooks/useViewerKeys';
import { PhotoMarks } from './PhotoMarks';
import { PhotoMetadata } from './PhotoMetadata';
import { PhotoPeople } from './PhotoPeople';
import { PhotoPreview } from './PhotoPreview';
import './face-fixing.css';

interface Props {
  photoId: number;
  /** "3 of 120", where the photo sits in the sequence being browsed. */
  position: string;
  onPrevious: (() => void) | undefined;
  onNext: (() => void) | undefined;
  onClose: () => void;
  /** A face to fix as the viewer opens (an unsorted face opened on its photo). */
  faceId?: number;
}

/**
 * Full-window viewer over whatever sequence opened it. A duplicate's link shows that photo in
 * place; stepping left or right returns to the sequence.
 */
export function PhotoViewer({ photoId, position, onPrevious, onNext, onClose, faceId }: Props) {
  const [detourId, setDetourId] = useState<number | null>(null);
  const [selectedFaceId, setSelectedFaceId] = useState<number | null>(faceId ?? null);
  useEffect(() => setDetourId(null), [photoId]);
  useEffect(() => setSelectedFaceId(faceId ?? null), [photoId, detourId, faceId]);
  const shownId = detourId ?? photoId;
  const { data: photo, error } = useApi('getPhoto', { photoId: shownId });
  const { faces } = usePhotoFaces(shownId);
  const [showFaces, setShowFaces] = useState(true);

  useViewerKeys({ onPrevious, onNext, onClose });
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => opener?.focus();
  }, []);

  return (
    <div className="viewer" role="dialog" aria-modal="true" aria-label={photo?.fileName ?? 'Photo'}>
      <div className="viewer-toolbar">
        <button type="button" onClick={onPrevious} disabled={!onPrevious} aria-label="Previous photo">
          ←
        </button>
        <span className="viewer-position">{position}</span>
        <button type="button" onClick={onNext} disabled={!onNext} aria-label="Next photo">
          →
        </button>
        <span className="viewer-title">{photo?.fileName}</span>
        {photo && <PhotoMarks photo={photo} />}
        <button type="button" aria-pressed={showFaces} onClick={() => setShowFaces(!showFaces)}>
          Face boxes
        </button>
        <button type="button" ref={closeRef} onClick={onClose} aria-label="Close viewer">
          ✕
        </button>
      </div>
      <div className="viewer-body">
        {photo && <PhotoPreview photo={photo} faces={showFaces ? faces : []} selectedFaceId={selectedFaceId} onSelectFace={setSelectedFaceId} />}
        <aside className="viewer-info" aria-label="Photo details">
          {error && <p role="alert">{error}</p>}
          {photo && <PhotoPeople faces={faces} selectedId={selectedFaceId} onSelect={setSelectedFaceId} />}
          {photo && <PhotoMetadata photo={photo} onOpenPhoto={setDetourId} />}
        </aside>
      </div>
    </div>
  );
}
