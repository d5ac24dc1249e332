/**
 * Turns the user's edits into what the clustering enforces: which faces are pinned to which person
 * (must-link), which faces may never join which person (cannot-link), and merged people mapped to
 * one id.
 *
 * The rule: once the user has touched a person (named, hid, merged, moved a face onto it, said a
 * face is not it, or said it is not the same person as another), that person is kept and its faces
 * change only by the user's hand or by new faces joining. Untouched people are the clustering's to
 * redraw.
 *
 * "Not the same person" needs nothing more: kept people become seeds of the clustering, and two
 * seeds of different people never merge (average-linkage.ts), nor does assigning new faces ever
 * join two people.
 */
import type { Assignments, PersonId, UserConstraints } from '../domain/people';

export interface ResolvedConstraints {
  /** The id a person goes by after merges. */
  canonical(personId: PersonId): PersonId;
  /** People the user touched (canonical ids). */
  kept: Set<PersonId>;
  /** Face -> the person it must stay with. */
  pinned: Map<number, PersonId>;
  /** Face -> people it must never join. */
  cannotLink: Map<number, Set<PersonId>>;
}

export function resolveConstraints(existing: Assignments, constraints: UserConstraints): ResolvedConstraints {
  const mergedInto = new Map<PersonId, PersonId>();
  for (const { from, into } of constraints.merged) {
    if (from !== into) mergedInto.set(from, into);
  }
  const canonical = (personId: PersonId): PersonId => {
    let p = personId;
    for (let steps = 0; mergedInto.has(p); steps++) {
      if (steps > mergedInto.size) throw new Error(`people merges form a cycle through person ${personId}`);
      p = mergedInto.get(p)!;
    }
    return p;
  };

  const kept = new Set<PersonId>(
    [
      ...constraints.named,
      ...constraints.hidden,
      ...constraints.merged.flatMap((m) => [m.from, m.into]),
      ...constraints.moved.map((m) => m.personId),
      ...constraints.rejected.map((r) => r.personId),
      ...(constraints.apart ?? []).flatMap((a) => [a.personId, a.otherPersonId]),
    ].map(canonical),
  );

  const cannotLink = new Map<number, Set<PersonId>>();
  for (const { faceId, personId } of constraints.rejected) {
    const set = cannotLink.get(faceId) ?? new Set<PersonId>();
    set.add(canonical(personId));
    cannotLink.set(faceId, set);
  }
  const isRejected = (faceId: number, personId: PersonId) => cannotLink.get(faceId)?.has(personId) ?? false;

  const pinned = new Map<number, PersonId>();
  for (const [faceId, personId] of existing) {
    if (personId === null) continue;
    const p = canonical(personId);
    if (kept.has(p) && !isRejected(faceId, p)) pinned.set(faceId, p);
  }
  for (const { faceId, personId } of constraints.moved) {
    const p = canonical(personId);
    if (isRejected(faceId, p)) {
      throw new Error(`face ${faceId} is both moved to and rejected from person ${p}; drop the older of the two edits`);
    }
    pinned.set(faceId, p);
  }
  return { canonical, kept, pinned, cannotLink };
}
