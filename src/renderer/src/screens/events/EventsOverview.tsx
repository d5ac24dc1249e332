import { useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { CreateEventForm } from './CreateEventForm';
import { EventCard } from './EventCard';
import { EventSuggestions } from './EventSuggestions';
import { ImportPackageForm } from './ImportPackageForm';

export function EventsOverview() {
  const events = useApi('listEvents', {});
  const [importing, setImporting] = useState(false);
  return (
    <section className="events">
      <div className="screen-heading">
        <h1>Events</h1>
        <CreateEventForm />
        <button type="button" aria-expanded={importing} onClick={() => setImporting(!importing)}>
          Import a package…
        </button>
      </div>
      {importing && <ImportPackageForm />}
      <ErrorBanner error={events.error} />
      <EventSuggestions />
      <h2 className="section-title">Your events</h2>
      {events.data?.length === 0 && <p className="empty-note">No events yet. Create one, or accept a suggestion.</p>}
      <ul className="event-list" aria-label="Events">
        {events.data?.map((event) => (
          <li key={event.id}>
            <EventCard event={event} />
          </li>
        ))}
      </ul>
    </section>
  );
}
