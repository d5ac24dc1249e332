import type { PersonSummary } from '../../../../shared/people-api';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Named people first, alphabetically; then unnamed clusters, biggest first, since the big ones
 * are the people a user most wants to name.
 */
export function sortPeople(people: readonly PersonSummary[]): PersonSummary[] {
  return [...people].sort((a, b) => {
    if (a.name !== null && b.name !== null) return collator.compare(a.name, b.name) || a.id - b.id;
    if (a.name !== null) return -1;
    if (b.name !== null) return 1;
    return b.faceCount - a.faceCount || b.photoCount - a.photoCount || a.id - b.id;
  });
}

/** How a person is called in the UI: the name, or a stable stand-in for an unnamed cluster. */
export function personName(person: Pick<PersonSummary, 'id' | 'name'>): string {
  return person.name ?? `Unnamed person ${person.id}`;
}
