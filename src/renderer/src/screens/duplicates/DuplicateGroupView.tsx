import type { DuplicateGroup } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { formatTakenAt } from '../../format';

interface Props {
  group: DuplicateGroup;
  number: number;
  onOpen: (index: number) => void;
}

export function DuplicateGroupView({ group, number, onOpen }: Props) {
  const client = useClient();
  const title =
    group.kind === 'exact'
      ? `Group ${number}: ${group.photos.length} identical copies`
      : `Group ${number}: ${group.photos.length} similar photos (difference up to ${group.maxDistance})`;
  return (
    <section className="duplicate-group" aria-label={title}>
      <h2>{title}</h2>
      <ul className="duplicate-photos">
        {group.photos.map((photo, index) => (
          <li key={photo.id}>
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
          </li>
        ))}
      </ul>
    </section>
  );
}
