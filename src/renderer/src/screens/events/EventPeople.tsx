import type { EventPerson } from '../../../../shared/api';
import type { PersonSummary } from '../../../../shared/people-api';
import { formatCount } from '../../format';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FaceThumb } from '../people/FaceThumb';
import { personName } from '../people/sortPeople';

interface Props {
  /** Undefined while loading. */
  people: readonly EventPerson[] | undefined;
  error: string | null;
  onAddGuest: (person: PersonSummary) => void;
}

/** The people of the library found in the event's photos; any of them can become a guest. */
export function EventPeople({ people, error, onAddGuest }: Props) {
  return (
    <section className="event-people" aria-label="People in this event">
      <h2>People in this event</h2>
      <ErrorBanner error={error} />
      {people === undefined && !error && <p className="empty-note">Looking at the faces…</p>}
      {people?.length === 0 && <p className="empty-note">No known people in these photos yet.</p>}
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
