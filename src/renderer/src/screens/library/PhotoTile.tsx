import { useState, type MouseEvent } from 'react';
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

export function PhotoTile({ offset, photo, size, isTabStop, actions }: Props) {
  const client = useClient();
  // The checkbox and the heart exist only where they can be used (under the pointer, or with
  // focus) or say something (selecting, a favourite): two more inputs per tile in every row
  // scrolled into view cost the 100k grid a quarter more main-thread time per frame.
  const [near, setNear] = useState(false);
  if (!photo) return <div className="tile tile-loading" style={{ height: size }} aria-hidden="true" />;

  const date = photo.takenAt ? formatTakenAt(photo.takenAt, false) : 'undated';
  const selected = actions.isSelected(photo.id);
  const click = (event: MouseEvent) => {
    if (event.shiftKey) event.preventDefault();
    actions.onClick(offset, photo.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
  };
  return (
    <div
      className={`tile-cell${selected ? ' tile-selected' : ''}`}
      onPointerEnter={() => setNear(true)}
      onPointerLeave={() => setNear(false)}
      onFocus={() => setNear(true)}
      onBlur={() => setNear(false)}
    >
      <button
        type="button"
        className="tile"
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
      </button>
      {/* Checkboxes, not buttons: the tiles stay the grid's only buttons, and these are not in its Tab order. */}
      {(near || actions.selecting) && (
        <input
          type="checkbox"
          className="tile-check"
          aria-label={`Select ${photo.fileName}`}
          tabIndex={-1}
          checked={selected}
          onChange={() => undefined}
          onClick={(event) => {
            event.stopPropagation();
            actions.onClick(offset, photo.id, { shift: event.shiftKey, toggle: true });
          }}
        />
      )}
      {(near || photo.favourite) && (
        <input
          type="checkbox"
          className="tile-heart"
          aria-label={`Favourite ${photo.fileName}`}
          title={photo.favourite ? 'Favourite' : 'Make favourite'}
          tabIndex={-1}
          checked={photo.favourite}
          onChange={(event) => actions.onFavourite(photo.id, event.target.checked)}
        />
      )}
    </div>
  );
}
