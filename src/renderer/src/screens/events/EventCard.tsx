import type { EventInfo } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { formatCount } from '../../format';
import { formatEventSpan } from './eventDates';

export function EventCard({ event }: { event: EventInfo }) {
  const client = useClient();
  return (
    <a className="event-card" href={`#/events/${event.id}`} aria-label={event.name}>
      {event.coverPhotoId !== null ? (
        <img className="event-cover" src={client.mediaUrl('thumb', event.coverPhotoId)} alt="" loading="lazy" />
      ) : (
        <span className="event-cover" aria-hidden="true" />
      )}
      <span className="event-card-text">
        <span className="event-name">{event.name}</span>
        <span className="event-meta">
          {formatCount(event.photoCount, 'photo')}
          {event.photoCount > 0 && ` · ${formatEventSpan(event.startsAt, event.endsAt)}`}
        </span>
      </span>
    </a>
  );
}
