import type { PersonSummary } from '../../../../shared/people-api';
import { formatCount, formatNumber } from '../../format';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { EventPeople as FoundPeople } from '../../hooks/useEventPeople';
import { FaceThumb } from '../people/FaceThumb';
import { personName } from '../people/sortPeople';

interface Props {
  found: FoundPeople;
  onAddGuest: (person: PersonSummary) => void;
}

/** The people of the library found in the event's photos; any of them can become a guest. */
export function EventPeople({ found, onAddGuest }: Props) {
  const { people, photosLooked, photosTotal, error } = found;
  return (
    <section className="event-people" aria-label="People in this event">
      <h2>People in this event</h2>
      <ErrorBanner error={error} />
      {people === null && !error && <p className="empty-note">Looking at the faces…</p>}
      {people?.length === 0 && <p className="empty-note">No known people in these photos yet.</p>}
      {photosLooked < photosTotal && (
        <p className="field-note">
          From the first {formatNumber(photosLooked)} of {formatNumber(photosTotal)} photos.
        </p>
      )}
      {people && people.length > 0 && (
        <ul className="event-people-list">
          {people.map(({ person, photoCount }) => (
            <li key={person.id} className="event-person">
              <a href={`#/people/${person.id}`} className="event-person-link">
                <FaceThumb faceId={person.coverFaceId} alt="" size={56} />
                <span className={person.name === null ? 'name-placeholder' : undefined}>{personName(person)}</span>
                <span className="event-meta">{formatCount(photoCount, 'photo')}</span>
              </a>
              <button type="button" className="link-button" aria-label={`Add ${personName(person)} as a guest`} onClick={() => onAddGuest(person)}>
                Add as guest
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
