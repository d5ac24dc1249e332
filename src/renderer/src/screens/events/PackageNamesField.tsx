import type { EventPerson } from '../../../../shared/api';
import type { EventGuestInfo } from '../../../../shared/guests-api';

interface Props {
  guests: readonly EventGuestInfo[];
  /** Named people of the event (an unnamed person has no name to put in a package). */
  people: readonly EventPerson[];
  guestIds: ReadonlySet<number>;
  personIds: ReadonlySet<number>;
  onChange: (chosen: { guestIds: Set<number>; personIds: Set<number> }) => void;
}

/** Whose names the package may show, beside the photos they are in: nobody unless ticked. */
export function PackageNamesField({ guests, people, guestIds, personIds, onChange }: Props) {
  const toggled = (set: ReadonlySet<number>, id: number, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };
  return (
    <fieldset className="package-names">
      <legend>Names in the package</legend>
      <p className="field-note">The package names only the guests and people ticked here, on the photos they are in.</p>
      {guests.length === 0 && people.length === 0 && <p className="field-note">No guests or named people in this event.</p>}
      <div className="choice-list">
        {guests.map((guest) => (
          <label key={`g${guest.id}`} className="checkbox-label">
            <input
              type="checkbox"
              checked={guestIds.has(guest.id)}
              onChange={(e) => onChange({ guestIds: toggled(guestIds, guest.id, e.target.checked), personIds: new Set(personIds) })}
            />{' '}
            {guest.name} (guest)
          </label>
        ))}
        {people.map(({ person }) => (
          <label key={`p${person.id}`} className="checkbox-label">
            <input
              type="checkbox"
              checked={personIds.has(person.id)}
              onChange={(e) => onChange({ guestIds: new Set(guestIds), personIds: toggled(personIds, person.id, e.target.checked) })}
            />{' '}
            {person.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
