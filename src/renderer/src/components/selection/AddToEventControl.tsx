import { useState } from 'react';
import { useClient } from '../../ClientContext';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { formatCount } from '../../format';

/** Adds the selected photos to an event chosen from the list (the event whose grid they are in is left out). */
export function AddToEventControl({ photoIds, exceptEventId }: { photoIds: number[]; exceptEventId?: number }) {
  const client = useClient();
  const action = useChange(['events']);
  const events = useApi('listEvents', {}).data?.filter((event) => event.id !== exceptEventId) ?? [];
  const [eventId, setEventId] = useState<number | null>(null);
  const [added, setAdded] = useState<{ name: string; changed: number } | null>(null);
  const chosen = events.find((event) => event.id === eventId) ?? null;

  async function add() {
    if (chosen === null) return;
    const change = await action.run(() => client.call('addPhotosToEvent', { eventId: chosen.id, selection: { kind: 'photos', photoIds } }));
    if (change) setAdded({ name: change.event.name, changed: change.changed });
  }

  if (events.length === 0) return null;
  return (
    <span className="add-to-event">
      <select aria-label="Event to add to" value={eventId ?? ''} onChange={(e) => setEventId(e.target.value === '' ? null : Number(e.target.value))}>
        <option value="">Add to event…</option>
        {events.map((event) => (
          <option key={event.id} value={event.id}>
            {event.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void add()} disabled={chosen === null || action.busy}>
        Add
      </button>
      {added && (
        <span role="status" className="field-note">
          Added {formatCount(added.changed, 'photo')} to {added.name}.
        </span>
      )}
      {action.error && (
        <span role="alert" className="field-note">
          {action.error}
        </span>
      )}
    </span>
  );
}
