import type { Assignments, PersonId, UserConstraints } from '../domain/people';

/** Allocates new person ids above every id the existing assignments and the constraints mention. */
export class PersonIds {
  readonly created: PersonId[] = [];
  private last: PersonId;
  constructor(existing: Assignments, constraints: UserConstraints) {
    const mentioned = [
      ...[...existing.values()].filter((p): p is PersonId => p !== null),
      ...constraints.named,
      ...constraints.hidden,
      ...constraints.moved.map((m) => m.personId),
      ...constraints.rejected.map((r) => r.personId),
      ...constraints.merged.flatMap((m) => [m.from, m.into]),
      ...(constraints.apart ?? []).flatMap((a) => [a.personId, a.otherPersonId]),
    ];
    this.last = mentioned.reduce((a, b) => Math.max(a, b), 0);
  }
  next(): PersonId {
    this.created.push(++this.last);
    return this.last;
  }
}
