import type { EventGuestInfo } from '../../../../shared/guests-api';
import { formatCount } from '../../format';

interface Props {
  guest: EventGuestInfo;
  /** The grid shows this guest's photos. */
  shown: boolean;
  editing: boolean;
  onShow: () => void;
  onEdit: () => void;
  onRemove: () => void;
}

export function GuestCard({ guest, shown, editing, onShow, onEdit, onRemove }: Props) {
  return (
    <article className={`guest-card${shown ? ' guest-shown' : ''}`} aria-label={guest.name}>
      <span className="guest-name">{guest.name}</span>
      <span className="event-meta">
        {formatCount(guest.photoCount, 'photo')} · {formatCount(guest.referenceCount, 'reference face')}
      </span>
      <div className="guest-actions">
        <button type="button" aria-pressed={shown} onClick={onShow}>
          {shown ? 'Showing photos' : 'Show photos'}
        </button>
        <button type="button" aria-expanded={editing} onClick={onEdit}>
          Edit…
        </button>
        <button type="button" className="danger" aria-label={`Remove ${guest.name}`} onClick={onRemove}>
          Remove…
        </button>
      </div>
    </article>
  );
}
