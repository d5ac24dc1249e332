import type { MouseEvent } from 'react';
import type { PhotoSummary } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import type { TileActions } from '../../components/selection/tileActions';
import { formatClockTime, formatTakenAt } from '../../format';

interface Props {
  offset: number;
  /** Undefined while its page is loading. */
  photo: PhotoSummary | undefined;
  size: number;
  /** The grid is one Tab stop: only its current tile is reachable with Tab, arrows move between tiles. */
  isTabStop: boolean;
  actions: TileActions;
}

/** A photo of the grid. Its select and favourite checkboxes are laid over it under the pointer (TileControls). */
export function PhotoTile({ offset, photo, size, isTabStop, actions }: Props) {
  const client = useClient();
  if (!photo) return <div className="tile tile-loading" style={{ height: size }} aria-hidden="true" />;

  const date = photo.takenAt ? formatTakenAt(photo.takenAt, false) : 'undated';
  const selected = actions.isSelected(photo.id);
  const click = (event: MouseEvent) => {
    if (event.shiftKey) event.preventDefault();
    actions.onClick(offset, photo.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
  };
  return (
    <button
      type="button"
      className={selected ? 'tile tile-selected' : 'tile'}
      style={{ height: size }}
      aria-label={`${photo.fileName}, ${date}`}
      aria-pressed={actions.selecting ? selected : undefined}
      tabIndex={isTabStop ? 0 : -1}
      data-offset={offset}
      data-photo-id={photo.id}
      data-taken-at={photo.takenAt ?? ''}
      onClick={click}
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
      {photo.rating > 0 && (
        <span className="tile-stars" aria-label={`${photo.rating} stars`}>
          {'★'.repeat(photo.rating)}
        </span>
      )}
      {photo.favourite && (
        <span className="tile-favourite" aria-label="Favourite">
          ♥
        </span>
      )}
      {actions.selecting && <span className={selected ? 'tile-mark tile-mark-on' : 'tile-mark'} aria-hidden="true" />}
    </button>
  );
}
