import { useState } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { InlineNameEditor } from '../../components/InlineNameEditor';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { navigate } from '../../hooks/useHashRoute';
import { PagedPhotos } from '../library/PagedPhotos';
import { AddPhotosForm } from './AddPhotosForm';
import { AutoSyncStatus } from './AutoSyncStatus';
import { EventGuests } from './EventGuests';
import { EventPeople } from './EventPeople';
import { formatEventSpan } from './eventDates';
import { ExportEventForm } from './ExportEventForm';
import { SyncPanel } from './SyncPanel';

export function EventPage({ eventId }: { eventId: number }) {
  const client = useClient();
  const query = useApi('listEvents', {});
  const guests = useApi('listEventGuests', { eventId });
  const action = useChange(['events']);
  const [panel, setPanel] = useState<'add' | 'export' | 'sync' | 'delete' | null>(null);
  const [addingGuest, setAddingGuest] = useState<PersonSummary | null | undefined>(undefined);
  const [shownGuestId, setShownGuestId] = useState<number | null>(null);
  const people = useApi('listEventPeople', { eventId });

  const event = query.data?.find((e) => e.id === eventId);
  useDocumentTitle(event?.name);
  if (!event) {
    return (
      <section className="event-page">
        <a className="back-link" href="#/events">
          ← Events
        </a>
        <ErrorBanner error={query.error ?? (query.data ? `There is no event ${eventId}.` : null)} />
      </section>
    );
  }

  const shownGuest = guests.data?.find((g) => g.id === shownGuestId);
  const toggle = (next: typeof panel) => setPanel(panel === next ? null : next);
  const remove = async () => {
    if (await action.run(() => client.call('deleteEvent', { eventId }))) navigate('events');
  };

  return (
    <section className="event-page" aria-label={event.name}>
      <div className="person-head">
        <a className="back-link" href="#/events">
          ← Events
        </a>
        <InlineNameEditor
          value={event.name}
          placeholder="Event"
          subject="event"
          allowEmpty={false}
          onSave={async (name) => {
            const renamed = await action.run(() => client.call('renameEvent', { eventId, name: name ?? event.name }));
            return renamed !== undefined;
          }}
        />
        {event.photoCount > 0 && <span className="heading-count">{formatEventSpan(event.startsAt, event.endsAt)}</span>}
        <div className="person-actions">
          <button type="button" aria-expanded={panel === 'add'} onClick={() => toggle('add')}>
            Add photos…
          </button>
          <button type="button" aria-expanded={panel === 'export'} onClick={() => toggle('export')}>
            Export…
          </button>
          <button type="button" aria-expanded={panel === 'sync'} onClick={() => toggle('sync')}>
            Sync…
          </button>
          <button type="button" className="danger" onClick={() => setPanel('delete')}>
            Delete event…
          </button>
        </div>
      </div>
      <ErrorBanner error={action.error} />
      <AutoSyncStatus eventId={eventId} />
      {panel === 'add' && <AddPhotosForm eventId={eventId} />}
      {panel === 'export' && <ExportEventForm event={event} guests={guests.data ?? []} people={people.data ?? []} />}
      {panel === 'sync' && <SyncPanel eventId={eventId} />}
      {panel === 'delete' && (
        <ConfirmDialog
          title={`Delete ${event.name}?`}
          confirmLabel="Delete event"
          busy={action.busy}
          onConfirm={() => void remove()}
          onCancel={() => setPanel(null)}
        >
          <p>The event goes away; its {event.photoCount} photos stay in the library.</p>
        </ConfirmDialog>
      )}
      <div className="event-who">
        <EventGuests
          eventId={eventId}
          guests={guests.data}
          adding={addingGuest}
          onAdding={setAddingGuest}
          shownGuestId={shownGuestId}
          onShow={setShownGuestId}
        />
        <EventPeople people={people.data} error={people.error} onAddGuest={setAddingGuest} />
      </div>
      <ErrorBanner error={guests.error} />
      {shownGuest && (
        <p className="grid-subject">
          Photos {shownGuest.name} is in ·{' '}
          <button type="button" className="link-button" onClick={() => setShownGuestId(null)}>
            Show all photos of the event
          </button>
        </p>
      )}
      <PagedPhotos
        sequence={shownGuestId === null ? { method: 'listEventPhotos', input: { eventId } } : { method: 'listGuestPhotos', input: { guestId: shownGuestId } }}
        label={shownGuest ? `Photos of ${shownGuest.name} at ${event.name}` : `Photos of ${event.name}`}
        place={{ kind: 'event', eventId }}
      />
    </section>
  );
}
