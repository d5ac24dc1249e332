/**
 * Names the place of every photo with a GPS position: after each indexing run, and on opening a
 * library whose photos were indexed before place names existed (or named from older data). The
 * 'places' job of the engine's runner.
 */
import type { FacetEvent } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { JobRunner } from '../jobs/job-runner';
import { nextTurn } from '../next-turn';
import { loadGeocoder, placeDataVersion, type Geocoder } from './geocoder';

/** Photos named per transaction (about 20 ms of lookups); the event loop serves API calls between batches. */
const batchSize = 200;

export interface PlaceNamer {
  /** Names every photo waiting for a name; resolves when none is left. */
  nameAll(): Promise<void>;
  /** nameAll in the background (a failure is the job's dead letter): after indexing, on open. */
  schedule(): void;
}

export function createPlaceNamer(catalog: Catalog, emit: (event: FacetEvent) => void, jobs: JobRunner, version = placeDataVersion): PlaceNamer {
  // Loaded on the first photo to name: a library without GPS never pays its memory or time.
  let geocoder: Geocoder | null = null;

  // A request while a run is going makes one more run: photos indexed meanwhile may have been missed.
  const run = async (signal: AbortSignal) => {
    // Not on the caller's turn: opening the engine must not wait for the place data to load.
    await nextTurn(signal);
    let named = 0;
    for (let batch = catalog.places.unnamed(version, batchSize); batch.length > 0 && !signal.aborted; batch = catalog.places.unnamed(version, batchSize)) {
      geocoder ??= loadGeocoder();
      const places = geocoder;
      catalog.places.name(
        batch.map((photo) => ({ photo, place: places.placeOf(photo.latitude, photo.longitude) })),
        version,
      );
      named += batch.length;
      await nextTurn(signal);
    }
    if (named > 0) emit({ type: 'changed', domains: ['photos'] });
  };
  const job = jobs.register({ kind: 'places', describe: () => 'Name the places of photos', run: ({ signal }) => run(signal) });

  return {
    async nameAll() {
      if (!jobs.signal.aborted) await job.run();
    },
    schedule() {
      // Asked after every indexing run and on every open: a job is queued (and listed in the
      // background work) only when a photo waits for its name (one indexed lookup, 0.5 ms at 100k).
      if (catalog.places.unnamed(version, 1).length > 0) void job.request();
    },
  };
}
