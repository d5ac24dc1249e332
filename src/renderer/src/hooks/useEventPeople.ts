import { useEffect, useState } from 'react';
import type { FacetClient, PhotoSummary } from '../../../shared/api';
import type { PersonSummary } from '../../../shared/people-api';
import { useClient } from '../ClientContext';
import { errorMessage } from '../transport/ClientError';

export interface EventPerson {
  person: PersonSummary;
  /** Photos of the event this person is in. */
  photoCount: number;
}

export interface EventPeople {
  people: EventPerson[] | null;
  /** Photos looked at; less than the event's when it is larger than `maxPhotosLooked`. */
  photosLooked: number;
  photosTotal: number;
  error: string | null;
}

/**
 * The contract has no "people of an event" call, so the faces of each event photo are read: one
 * call per photo, a few at a time, and only the first `maxPhotosLooked` photos of a large event.
 */
export const maxPhotosLooked = 500;
const parallelCalls = 4;

/** The visible people found in an event's photos, most photos first; read again when `revision` changes. */
export function useEventPeople(eventId: number, revision: number): EventPeople {
  const client = useClient();
  const [state, setState] = useState<EventPeople>({ people: null, photosLooked: 0, photosTotal: 0, error: null });

  useEffect(() => {
    let cancelled = false;
    findEventPeople(client, eventId).then(
      (found) => !cancelled && setState({ ...found, error: null }),
      (e: unknown) => !cancelled && setState((s) => ({ ...s, error: errorMessage(e) })),
    );
    return () => {
      cancelled = true;
    };
  }, [client, eventId, revision]);

  return state;
}

async function findEventPeople(client: FacetClient, eventId: number): Promise<Omit<EventPeople, 'error'>> {
  const page = await client.call('listEventPhotos', { eventId, offset: 0, limit: maxPhotosLooked });
  const photosOf = new Map<number, Set<number>>();
  await forEachLimited(page.items, parallelCalls, async (photo: PhotoSummary) => {
    for (const face of await client.call('listPhotoFaces', { photoId: photo.id })) {
      if (face.personId === null) continue;
      const photos = photosOf.get(face.personId) ?? new Set<number>();
      photos.add(photo.id);
      photosOf.set(face.personId, photos);
    }
  });
  const everyone = photosOf.size === 0 ? [] : await client.call('listPeople', { includeHidden: false });
  const people = everyone
    .filter((person) => photosOf.has(person.id))
    .map((person) => ({ person, photoCount: photosOf.get(person.id)!.size }))
    .sort((a, b) => b.photoCount - a.photoCount || Number(b.person.name !== null) - Number(a.person.name !== null) || a.person.id - b.person.id);
  return { people, photosLooked: page.items.length, photosTotal: page.total };
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
