/**
 * Event guests over the catalog: the guest methods of the API contract, and keeping each guest's
 * photos current as the event, the faces, the people or the guest's references change.
 */
import { ApiError, type FacetApi, type FacetEvent } from '../../shared/api';
import type { EventGuestInfo } from '../../shared/guests-api';
import type { Catalog } from '../catalog/catalog';
import type { GuestRow } from '../catalog/guests-repo';
import type { LibraryLayout } from '../catalog/layout';
import type { FaceVectors } from '../search/face-vectors';
import type { SelfieSearch } from '../search/selfie-search';
import { linkedPerson, matchGuest, type GuestMatching } from './guests-matching';
import { deleteCrops, readCrops, reembedReferences, referencesFromSelfies, restoreCrops } from './guests-references';
import { RemovedGuests, wipe, type RemovedGuest } from './removed-guests';
import { queryVectorOf } from '../search/query-vector';
import type { JobRunner } from '../jobs/job-runner';
import { log } from '../log';

export type GuestsMethod = 'addEventGuest' | 'updateEventGuest' | 'removeEventGuest' | 'restoreEventGuest' | 'listEventGuests' | 'listGuestPhotos';

/** The methods that change which photos an event holds, or delete it with its guests. */
type EventPhotoMethods = Pick<FacetApi, 'addPhotosToEvent' | 'removePhotosFromEvent' | 'syncEvent' | 'deleteEvent'>;

export interface GuestsRuntime {
  api: Pick<FacetApi, GuestsMethod>;
  /** The same methods, each matching the event's guests again (or erasing them) before it returns. */
  following(methods: EventPhotoMethods): EventPhotoMethods;
  /**
   * Indexing is idle (faces and people are up to date): references of an older face model are
   * embedded again, then every guest is matched again.
   */
  afterIndexing(): Promise<void>;
  /** The library changed (people edited, faces stored): every guest is matched again once it is quiet. */
  schedule(): void;
  close(): void;
}

/** Quiet time after the last library change before guests are matched again. */
const defaultSettleMs = 1000;

export interface GuestsOptions {
  catalog: Catalog;
  layout: LibraryLayout;
  search: SelfieSearch;
  vectors: FaceVectors;
  /** The embedding_models row of the models in use; null while faces are off. */
  modelId: () => number | null;
  emit: (event: FacetEvent) => void;
  /** Runs the 'guests' job (every guest matched again), stopped with the engine. */
  jobs: JobRunner;
  /** Quiet time after the last library change before guests are matched again (default 1 s). */
  settleMs?: number;
  /** How long a removed guest can be restored (default guestUndoWindowMs). */
  undoWindowMs?: number;
}

export function createGuestsRuntime(options: GuestsOptions): GuestsRuntime {
  const { catalog, layout, search, modelId, emit } = options;
  const guests = catalog.guests;
  const people = catalog.people;
  const events = catalog.events;
  const matching: GuestMatching = { guests, people, search, vectors: options.vectors, modelId };
  const removedGuests = new RemovedGuests(options.undoWindowMs);

  const requireEvent = (eventId: number) => {
    if (events.get(eventId) === null) throw new ApiError('not_found', `no event with id ${eventId}`);
  };
  const requireGuest = (guestId: number): GuestRow => {
    const guest = guests.get(guestId);
    if (guest === null) throw new ApiError('not_found', `no guest with id ${guestId}`);
    return guest;
  };
  /** The person to link: one merged away is replaced by the person it was merged into. */
  const requirePerson = (personId: number): number => {
    if (people.get(personId) === null) throw new ApiError('not_found', `no person with id ${personId}`);
    return people.survivorOf(personId);
  };

  const match = (guestId: number) => guests.setPhotos(guestId, matchGuest(requireGuest(guestId), matching));

  const likelyPersonOf = (guestId: number, current: number) => {
    const index = matching.vectors.current();
    const references = guests.referenceEmbeddings(guestId, current);
    return index === null || references.length === 0 ? null : matching.search.namedPersonOf(index, queryVectorOf(references), current);
  };

  const info = (guestId: number): EventGuestInfo => {
    const guest = requireGuest(guestId);
    const current = modelId();
    const references = guests.references(guestId);
    const personId = linkedPerson(guest, people);
    const usable = current === null ? 0 : references.filter((ref) => ref.modelId === current).length;
    const personFaces = current === null || personId === null ? 0 : guests.personFaceCount(personId, current);
    return {
      id: guest.id,
      eventId: guest.eventId,
      name: guest.name,
      referenceCount: usable + personFaces,
      photoCount: guests.photoCount(guestId),
      personId,
      likelyPerson: personId === null && usable > 0 ? likelyPersonOf(guestId, current!) : null,
      references: references.map(({ id, fileName, createdAt }) => ({ id, fileName, createdAt })),
    };
  };

  /** Deleted embeddings leave the write-ahead log too (as forgetting a person does). */
  const eraseBiometrics = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    const result = await fn();
    catalog.flushErasure();
    return result;
  };

  const changed = <T>(value: T): T => {
    emit({ type: 'changed', domains: ['events'] });
    return value;
  };

  const matchEvent = (eventId: number) =>
    catalog.transaction(() => {
      for (const guest of guests.list(eventId)) match(guest.id);
    });

  /** Guest photos are a view over faces and events: a failed update is the job's dead letter, and fails nothing else. */
  const matchAll = options.jobs.register({
    kind: 'guests',
    describe: () => 'Match event guests',
    debounce: { waitMs: options.settleMs ?? defaultSettleMs },
    run: async () =>
      catalog.transaction(() => {
        for (const guestId of guests.allIds()) match(guestId);
      }),
  });

  return {
    api: {
      async addEventGuest({ eventId, name, selfies, personId }) {
        requireEvent(eventId);
        const person = personId === undefined ? null : requirePerson(personId);
        const references = selfies === undefined ? [] : await referencesFromSelfies(selfies, search, layout);
        const guestId = catalog.transaction(() => {
          requireEvent(eventId); // the event may have been deleted while the selfies were read
          const id = guests.create(eventId, name, person);
          for (const reference of references) guests.addReference(id, reference);
          match(id);
          return id;
        });
        return changed(info(guestId));
      },

      async updateEventGuest({ guestId, name, addSelfies, removeReferenceIds, personId }) {
        requireGuest(guestId);
        const known = new Set(guests.references(guestId).map((ref) => ref.id));
        const unknown = (removeReferenceIds ?? []).filter((id) => !known.has(id));
        if (unknown.length > 0) throw new ApiError('not_found', `guest ${guestId} has no references with ids ${unknown.join(', ')}`);
        const person = personId === undefined || personId === null ? personId : requirePerson(personId);
        const added = addSelfies === undefined ? [] : await referencesFromSelfies(addSelfies, search, layout);
        const update = () =>
          catalog.transaction(() => {
            requireGuest(guestId);
            if (name !== undefined) guests.rename(guestId, name);
            if (person !== undefined) guests.setPerson(guestId, person);
            // Added first: a selfie removed and dropped in again in one call keeps its crop.
            for (const reference of added) guests.addReference(guestId, reference);
            const unused = removeReferenceIds === undefined ? [] : guests.removeReferences(guestId, removeReferenceIds);
            match(guestId);
            return unused;
          });
        await deleteCrops(layout, removeReferenceIds === undefined ? update() : await eraseBiometrics(update));
        return changed(info(guestId));
      },

      async removeEventGuest({ guestId }) {
        const guest = guests.get(guestId);
        if (guest === null) return { removed: false, restorableUntil: null };
        const references = guests.referencesWithEmbeddings(guestId);
        const unusedCrops = await eraseBiometrics(() => catalog.transaction(() => guests.delete(guestId)));
        const crops = await readCrops(layout, unusedCrops);
        await deleteCrops(layout, unusedCrops);
        const removed: RemovedGuest = {
          guest,
          references: references.map(({ embedding, ...row }) => ({ row, embedding, crop: crops.get(row.cropPath) ?? null })),
        };
        return changed({ removed: true, restorableUntil: removedGuests.keep(removed).toISOString() });
      },

      async restoreEventGuest({ guestId }) {
        const removed = removedGuests.take(guestId);
        if (removed === null) {
          throw new ApiError(
            'not_found',
            `guest ${guestId} cannot be restored: it was not removed in the last ${Math.round(removedGuests.windowMs / 1000)} s of this session, and its selfie faces are erased`,
          );
        }
        try {
          const { guest, references } = removed;
          requireEvent(guest.eventId);
          await restoreCrops(layout, references);
          const restoredId = catalog.transaction(() => {
            const personId = guest.personId === null || people.get(guest.personId) === null ? null : people.survivorOf(guest.personId);
            const id = guests.create(guest.eventId, guest.name, personId, guest.createdAt);
            for (const { row, embedding } of references) {
              guests.addReference(id, { fileName: row.fileName, modelId: row.modelId, embedding, cropPath: row.cropPath }, row.createdAt);
            }
            match(id);
            return id;
          });
          return changed(info(restoredId));
        } finally {
          wipe(removed);
        }
      },

      async listEventGuests({ eventId }) {
        requireEvent(eventId);
        return guests.list(eventId).map((guest) => info(guest.id));
      },

      async listGuestPhotos({ guestId, offset, limit }) {
        requireGuest(guestId);
        return { offset, ...guests.photoPage(guestId, offset, limit) };
      },
    },

    following(methods) {
      return {
        addPhotosToEvent: async (input) => {
          const result = await methods.addPhotosToEvent(input);
          matchEvent(input.eventId);
          return result;
        },
        removePhotosFromEvent: async (input) => {
          const result = await methods.removePhotosFromEvent(input);
          matchEvent(input.eventId);
          return result;
        },
        syncEvent: async (input) => {
          const result = await methods.syncEvent(input);
          matchEvent(input.eventId);
          return result;
        },
        deleteEvent: async (input) => {
          const crops = guests.list(input.eventId).flatMap((guest) => guests.references(guest.id).map((ref) => ref.cropPath));
          const result = await eraseBiometrics(() => methods.deleteEvent(input));
          await deleteCrops(layout, guests.unusedCrops(crops));
          return result;
        },
      };
    },

    async afterIndexing() {
      const current = modelId();
      if (current !== null && !options.jobs.signal.aborted) {
        // Like matching: references that cannot be embedded again must not fail indexing.
        await reembedReferences(guests, search, layout, current).catch((error: unknown) =>
          log.error('embedding guest references with the new face model failed', error),
        );
      }
      // The runner logged and kept a failure.
      await matchAll.run().catch(() => undefined);
    },

    schedule() {
      void matchAll.request();
    },

    close() {
      removedGuests.close();
    },
  };
}
