import { useState, type FormEvent } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useChange } from '../../data/useChange';
import { navigate } from '../../hooks/useHashRoute';

/** Names a new, empty event and opens it, where photos are added. */
export function CreateEventForm() {
  const client = useClient();
  const action = useChange(['events']);
  const [name, setName] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const created = await action.run(() => client.call('createEvent', { name: name.trim() }));
    if (created) navigate(`events/${created.id}`);
  }

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor="new-event-name">New event</label>
      <input id="new-event-name" type="text" value={name} maxLength={200} placeholder="Summer party" onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="primary" disabled={action.busy || name.trim() === ''}>
        Create event
      </button>
      <ErrorBanner error={action.error} />
    </form>
  );
}
