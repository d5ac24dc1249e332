import { useState } from 'react';
import type { EventGuestInfo } from '../../../../shared/guests-api';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useUndoToast } from '../../components/UndoToast';
import { useChange } from '../../data/useChange';
import { AddGuestForm } from './AddGuestForm';
import { GuestCard } from './GuestCard';
import { GuestEditor } from './GuestEditor';

interface Props {
  eventId: number;
  guests: readonly EventGuestInfo[] | undefined;
  /** The add form is open (with the person it starts from, or null); undefined when closed. */
  adding: PersonSummary | null | undefined;
  onAdding: (adding: PersonSummary | null | undefined) => void;
  shownGuestId: number | null;
  onShow: (guestId: number | null) => void;
}

/** Who came: each guest with the number of photos they are in, and the forms to add and edit them. */
export function EventGuests({ eventId, guests, adding, onAdding, shownGuestId, onShow }: Props) {
  const client = useClient();
  const action = useChange(['events']);
  const undoToast = useUndoToast();
  const [editingId, setEditingId] = useState<number | null>(null);
  const editing = guests?.find((g) => g.id === editingId);

  async function remove(guest: EventGuestInfo) {
    if (!(await action.run(() => client.call('removeEventGuest', { guestId: guest.id })))) return;
    if (shownGuestId === guest.id) onShow(null);
    if (editingId === guest.id) setEditingId(null);
    undoToast({ message: `${guest.name} removed from the guests.`, removedGuestId: guest.id });
  }

  async function link(guest: EventGuestInfo, personId: number) {
    await action.run(() => client.call('updateEventGuest', { guestId: guest.id, personId }));
  }

  return (
    <section className="event-guests" aria-label="Guests">
      <div className="section-heading">
        <h2>Guests</h2>
        <button type="button" aria-expanded={adding !== undefined} onClick={() => onAdding(adding === undefined ? null : undefined)}>
          Add guest…
        </button>
      </div>
      {guests?.length === 0 && adding === undefined && (
        <p className="empty-note">No guests yet. Add someone with a selfie, and Facet finds the photos they are in.</p>
      )}
      {guests && guests.length > 0 && (
        <ul className="guest-list" aria-label="Guests of this event">
          {guests.map((guest) => (
            <li key={guest.id}>
              <GuestCard
                guest={guest}
                shown={shownGuestId === guest.id}
                editing={editingId === guest.id}
                onShow={() => onShow(shownGuestId === guest.id ? null : guest.id)}
                onEdit={() => setEditingId(editingId === guest.id ? null : guest.id)}
                onRemove={() => void remove(guest)}
                onLink={(personId) => void link(guest, personId)}
              />
            </li>
          ))}
        </ul>
      )}
      {adding !== undefined && (
        <AddGuestForm
          key={adding?.id ?? 'new'}
          eventId={eventId}
          person={adding}
          onCancel={() => onAdding(undefined)}
          onAdded={(guest) => {
            onAdding(undefined);
            onShow(guest.id);
          }}
        />
      )}
      {editing && <GuestEditor key={editing.id} guest={editing} onClose={() => setEditingId(null)} />}
      <ErrorBanner error={action.error} />
    </section>
  );
}
