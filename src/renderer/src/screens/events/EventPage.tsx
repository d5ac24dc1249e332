import { useCallback, useState } from 'react';
import { useClient } from '../../ClientContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { InlineNameEditor } from '../../components/InlineNameEditor';
import { useAction } from '../../hooks/useAction';
import { useApiQuery } from '../../hooks/useApiQuery';
import { navigate } from '../../hooks/useHashRoute';
import { PagedPhotos } from '../library/PagedPhotos';
import { AddPhotosForm } from './AddPhotosForm';
import { formatEventSpan } from './eventDates';
import { ExportEventForm } from './ExportEventForm';

export function EventPage({ eventId }: { eventId: number }) {
  const client = useClient();
  const query = useApiQuery('listEvents', {}, ['library-changed']);
  const action = useAction();
  const [revision, setRevision] = useState(0);
  const [panel, setPanel] = useState<'add' | 'export' | 'delete' | null>(null);
  const { reload } = query;
  const changed = useCallback(() => {
    reload();
    setRevision((r) => r + 1);
  }, [reload]);
  const loadPhotos = useCallback(
    (offset: number, limit: number) => client.call('listEventPhotos', { eventId, offset, limit }),
    [client, eventId],
  );

  const event = query.data?.find((e) => e.id === eventId);
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
            if (renamed) changed();
            return renamed !== undefined;
          }}
        />
        <span className="heading-count">{formatEventSpan(event.startsAt, event.endsAt)}</span>
        <div className="person-actions">
          <button type="button" aria-expanded={panel === 'add'} onClick={() => toggle('add')}>
            Add photos…
          </button>
          <button type="button" aria-expanded={panel === 'export'} onClick={() => toggle('export')}>
            Export…
          </button>
          <button type="button" className="danger" onClick={() => setPanel('delete')}>
            Delete event…
          </button>
        </div>
      </div>
      <ErrorBanner error={action.error} />
      {panel === 'add' && <AddPhotosForm eventId={eventId} onAdded={changed} />}
      {panel === 'export' && <ExportEventForm eventId={eventId} />}
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
      <PagedPhotos loadPage={loadPhotos} sequenceKey={`event-${eventId}`} revision={revision} label={`Photos of ${event.name}`} />
    </section>
  );
}
