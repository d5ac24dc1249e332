import { useEffect, useState, type ReactNode } from 'react';
import type { FaceSummary } from '../../../../shared/people-api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../format';
import { useFaceList, type FaceSequence } from '../../data/useFaceList';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { FaceThumb } from './FaceThumb';
import './face-collection.css';

interface Props {
  title: string;
  faces: FaceSequence;
  /** The actions on the selected faces; `clear` empties the selection after one ran. */
  actions: (selected: number[], clear: () => void) => ReactNode;
}

/**
 * Faces as toggle buttons: select some, then act on them (split, correct, assign). Each face also
 * opens its photo in the viewer, where it can be seen in context and fixed.
 */
export function FaceCollection({ title, faces: sequence, actions }: Props) {
  const { faces, total, error, loadMore } = useFaceList(sequence);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  // By face, not by place: a face fixed in the viewer may leave the collection while its photo shows.
  const [opened, setOpened] = useState<FaceSummary | null>(null);
  const openedAt = opened === null ? -1 : faces.findIndex((f) => f.id === opened.id);
  // Faces that left the collection cannot stay selected.
  useEffect(() => {
    setSelected((previous) => {
      const present = new Set(faces.map((f) => f.id));
      const kept = [...previous].filter((id) => present.has(id));
      return kept.length === previous.size ? previous : new Set(kept);
    });
  }, [faces]);

  const toggle = (faceId: number) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (!next.delete(faceId)) next.add(faceId);
      return next;
    });

  return (
    <section className="face-collection" aria-label={title}>
      <div className="face-collection-head">
        <h2>{title}</h2>
        {total !== null && <span className="heading-count">{formatCount(total, 'face')}</span>}
        {selected.size > 0 && (
          <div className="face-actions" role="toolbar" aria-label="Selected faces">
            <span>{formatCount(selected.size, 'face')} selected</span>
            {actions([...selected], () => setSelected(new Set()))}
            <button type="button" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </div>
        )}
      </div>
      <ErrorBanner error={error} />
      {total === 0 && <p className="empty-note">No faces.</p>}
      <ul className="face-list">
        {faces.map((face) => (
          <li key={face.id} className="face-item">
            <button
              type="button"
              className="face-toggle"
              aria-pressed={selected.has(face.id)}
              aria-label={`Face ${face.id}`}
              data-face-id={face.id}
              title={face.assignedBy === 'user' ? 'Placed here by you' : undefined}
              onClick={() => toggle(face.id)}
            >
              <FaceThumb faceId={face.id} alt="" size={88} />
            </button>
            <button
              type="button"
              className="face-open-photo"
              aria-label={`Open the photo of face #${face.id}`}
              title="Open the photo"
              onClick={() => setOpened(face)}
            >
              ⤢
            </button>
          </li>
        ))}
      </ul>
      {opened && (
        <PhotoViewer
          photoId={opened.photoId}
          faceId={opened.id}
          position={openedAt < 0 ? '' : `Face ${openedAt + 1} of ${total ?? faces.length}`}
          onPrevious={openedAt > 0 ? () => setOpened(faces[openedAt - 1]!) : undefined}
          onNext={openedAt >= 0 && openedAt < faces.length - 1 ? () => setOpened(faces[openedAt + 1]!) : undefined}
          onClose={() => setOpened(null)}
        />
      )}
      {loadMore && (
        <button type="button" onClick={loadMore}>
          Show more faces
        </button>
      )}
    </section>
  );
}
