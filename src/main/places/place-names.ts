/**
 * Names the place of every photo with a GPS position: after each indexing run, and on opening a
 * library whose photos were indexed before place names existed (or named from older data).
 */
import type { FacetEvent } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import { log } from '../log';
import { nextTurn } from '../next-turn';
import { loadGeocoder, placeDataVersion, type Geocoder } from './geocoder';

/** Photos named per transaction (about 20 ms of lookups); the event loop serves API calls between batches. */
const batchSize = 200;

export interface PlaceNamer {
  /** Names every photo waiting for a name; resolves when none is left. */
  nameAll(): Promise<void>;
  /** nameAll in the background (errors logged): after indexing, on open. */
  schedule(): void;
  /** Waits for a run in progress to stop; nothing is named afterwards. */
  close(): Promise<void>;
}

export function createPlaceNamer(catalog: Catalog, emit: (event: FacetEvent) => void, version = placeDataVersion): PlaceNamer {
  // Loaded on the first photo to name: a library without GPS never pays its memory or time.
  let geocoder: Geocoder | null = null;
  let running: Promise<void> | null = null;
  // A call while a run is going: photos indexed meanwhile may have been missed, so go once more.
  let again = false;
  let closed = false;

  const run = async () => {
    // Not on the caller's turn: opening the engine must not wait for the place data to load.
    await nextTurn();
    let named = 0;
    for (let batch = catalog.places.unnamed(version, batchSize); batch.length > 0 && !closed; batch = catalog.places.unnamed(version, batchSize)) {
      geocoder ??= loadGeocoder();
      const places = geocoder;
      catalog.places.name(
        batch.map((photo) => ({ photo, place: places.placeOf(photo.latitude, photo.longitude) })),
        version,
      );
      named += batch.length;
      await nextTurn();
    }
    if (named > 0 && !closed) emit({ type: 'changed', domains: ['photos'] });
  };

  const nameAll = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await run();
        } while (again && !closed);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return {
    nameAll,
    schedule() {
      nameAll().catch((error: unknown) => log.error('naming the places of photos failed', error));
    },
    async close() {
      closed = true;
      await running?.catch(() => undefined);
    },
  };
}
