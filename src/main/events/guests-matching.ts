/**
 * Which photos of its event a guest is in: selfie search scoped to the event, once with the
 * guest's selfies and once with the linked person's faces, plus the photos the person was
 * recognized in. A face counts when the search calls it likely (selfie-search.ts `findPhotos`: its
 * mean similarity to the references is more likely than not the guest under the search prior, and
 * its person, if any, matches the guest as a whole), and never when it belongs to another named
 * person than the guest's: the user said who that is.
 */
import type { GuestRow, GuestsRepository } from '../catalog/guests-repo';
import type { PeopleRepository } from '../catalog/people-repo';
import type { FaceVectors } from '../search/face-vectors';
import { queryVectorOf } from '../search/query-vector';
import type { SelfieSearch } from '../search/selfie-search';

export interface GuestMatching {
  guests: GuestsRepository;
  people: PeopleRepository;
  search: SelfieSearch;
  vectors: FaceVectors;
  /** The embedding_models row of the models in use; null while faces are off. */
  modelId: () => number | null;
}

/** An event holds at most this many photos (the API's bound on a selection). */
const maxEventPhotos = 100_000;

/** The person a guest stands for now: a merged person is followed to the one it was merged into. */
export function linkedPerson(guest: GuestRow, people: PeopleRepository): number | null {
  return guest.personId === null ? null : people.survivorOf(guest.personId);
}

/** Ids of the event's photos (one file per content) the guest is in. */
export function matchGuest(guest: GuestRow, context: GuestMatching): Set<number> {
  const personId = linkedPerson(guest, context.people);
  const found = new Set(personId === null ? [] : context.guests.personPhotosInEvent(guest.eventId, personId).map((photo) => photo.id));
  const modelId = context.modelId();
  const index = modelId === null ? null : context.vectors.current();
  if (modelId === null || index === null) return found;
  const queries = [context.guests.referenceEmbeddings(guest.id, modelId), personId === null ? [] : context.guests.personEmbeddings(personId, modelId)];
  for (const references of queries) {
    if (references.length === 0) continue;
    const scope = { kind: 'event', eventId: guest.eventId } as const;
    for (const match of context.search.findPhotos(index, queryVectorOf(references), scope, maxEventPhotos, modelId).likely) {
      if (match.personId !== null && match.personId !== personId && context.people.get(match.personId)?.name != null) continue;
      found.add(match.photo.id);
    }
  }
  return found;
}
