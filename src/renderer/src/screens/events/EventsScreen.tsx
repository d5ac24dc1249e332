import type { ScreenProps } from '../../screens';
import { EventPage } from './EventPage';
import { EventsOverview } from './EventsOverview';

/** #/events and #/events/<id>. */
export function EventsScreen({ params }: ScreenProps) {
  const eventId = Number(params[0]);
  if (params[0] !== undefined && Number.isSafeInteger(eventId) && eventId > 0) return <EventPage key={eventId} eventId={eventId} />;
  return <EventsOverview />;
}
