import type { PhotoSummary } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { formatClockTime, formatTakenAt } from '../../format';

interface Props {
  offset: number;
  /** Undefined while its page is loading. */
  photo: PhotoSummary | undefined;
  size: number;
  /** The grid is one Tab stop: only its current tile is reachable with Tab, arrows move between tiles. */
  isTabStop: boolean;
  onOpen: (offset: number) => void;
}

export function PhotoTile({ offset, photo, size, isTabStop, onOpen }: Props) {
  const client = useClient();
  if (!photo) return <div className="tile tile-loading" style={{ height: size }} aria-hidden="true" />;

  const date = photo.takenAt ? formatTakenAt(photo.takenAt, false) : 'undated';
  return (
    <button
      type="button"
      className="tile"
      style={{ height: size }}
      aria-label={`${photo.fileName}, ${date}`}
      tabIndex={isTabStop ? 0 : -1}
      data-offset={offset}
      data-taken-at={photo.takenAt ?? ''}
      onClick={() => onOpen(offset)}
    >
      {photo.hasThumb ? (
        <img className="tile-thumb" src={client.mediaUrl('thumb', photo.id)} alt={photo.fileName} loading="lazy" decoding="async" draggable={false} />
      ) : (
        <span className="tile-placeholder">{photo.fileName}</span>
      )}
      {photo.mediaType === 'video' && (
        <span className="tile-badge" aria-label={photo.durationSeconds === null ? 'Video' : `Video, ${formatClockTime(photo.durationSeconds)}`}>
          {photo.durationSeconds === null ? 'Video' : `▶ ${formatClockTime(photo.durationSeconds)}`}
        </span>
      )}
      {photo.missing && <span className="tile-badge tile-badge-warn">Missing</span>}
    </button>
  );
}
