import { useState } from 'react';
import type { DuplicateGroup } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { formatTakenAt } from '../../format';
import { DuplicateActions } from './DuplicateActions';

interface Props {
  group: DuplicateGroup;
  number: number;
  onOpen: (index: number) => void;
}

export function DuplicateGroupView({ group, number, onOpen }: Props) {
  const client = useClient();
  // Facet's suggestion until the user picks another photo to keep.
  const [keepId, setKeepId] = useState(group.keeper.photoId);
  const title =
    group.kind === 'exact'
      ? `Group ${number}: ${group.photos.length} identical copies`
      : `Group ${number}: ${group.photos.length} similar photos (difference up to ${group.maxDistance})`;
  return (
    <section className="duplicate-group" aria-label={title}>
      <h2>{title}</h2>
      <p className="duplicate-keeper-reason">
        Suggested to keep: <strong>{group.photos.find((p) => p.id === group.keeper.photoId)?.fileName}</strong> — {group.keeper.reason}
      </p>
      <ul className="duplicate-photos">
        {group.photos.map((photo, index) => (
          <li key={photo.id} className={photo.id === keepId ? 'duplicate-kept' : undefined}>
            <button type="button" className="duplicate-photo" onClick={() => onOpen(index)} aria-label={`Open ${photo.fileName}`}>
              {photo.hasThumb ? (
                <img src={client.mediaUrl('thumb', photo.id)} alt={photo.fileName} loading="lazy" />
              ) : (
                <span className="tile-placeholder">{photo.fileName}</span>
              )}
              <span className="duplicate-caption">
                <span className="duplicate-name">{photo.fileName}</span>
                <span>{photo.takenAt ? formatTakenAt(photo.takenAt, false) : 'Undated'}</span>
                {photo.width && photo.height && <span>{`${photo.width} × ${photo.height}`}</span>}
              </span>
            </button>
            <label className="checkbox-label duplicate-keep-choice">
              <input
                type="radio"
                name={`keep-${group.photos[0]!.id}`}
                aria-label={`Keep ${photo.fileName}`}
                checked={photo.id === keepId}
                onChange={() => setKeepId(photo.id)}
              />
              {photo.id === group.keeper.photoId ? 'Keep (suggested)' : 'Keep'}
            </label>
          </li>
        ))}
      </ul>
      <DuplicateActions group={group} keepId={keepId} />
    </section>
  );
}
