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
  /** Links the guest to the library person their selfies match. */
  onLink: (personId: number) => void;
}

export function GuestCard({ guest, shown, editing, onShow, onEdit, onRemove, onLink }: Props) {
  return (
    <article className={`guest-card${shown ? ' guest-shown' : ''}`} aria-label={guest.name}>
      <span className="guest-name">{guest.name}</span>
      <span className="event-meta">
        {formatCount(guest.photoCount, 'photo')} · {formatCount(guest.referenceCount, 'reference face')}
      </span>
      {guest.likelyPerson && (
        <p className="guest-likely-person" role="note">
          Looks like <a href={`#/people/${guest.likelyPerson.personId}`}>{guest.likelyPerson.name}</a>.{' '}
          <button type="button" onClick={() => onLink(guest.likelyPerson!.personId)}>
            Link to {guest.likelyPerson.name}
          </button>
        </p>
      )}
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
