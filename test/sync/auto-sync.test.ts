/**
 * Automatic sync between two real libraries (two catalogs, two engines) through a shared temp
 * folder, with short timings: Bea's event syncs on a schedule, Ada's (whose interval is long)
 * after she edits it; when the folder disappears the attempts back off and pick up again once it
 * is back; a paused event waits, even across a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import type { EventAutoSync } from '../../src/shared/auto-sync-api';
import type { AutoSyncTimings } from '../../src/main/sync/auto-sync';
import { runFacet } from '../catalog/helpers/facet-cli';
import { makeTempDir } from '../library/helpers/temp';
import { waitFor } from '../s3-library/helpers/engine';
import { scenePhoto } from './helpers/contributors';

const temp = makeTempDir('auto-sync');
const shared = path.join(temp.dir, 'shared');
/** Ada's schedule is too slow to matter in the test: what she gets, she gets by editing. */
const adaTimings: AutoSyncTimings = { intervalMs: 10 * 60_000, changeDebounceMs: 100, maxBackoffMs: 60 * 60_000 };
const beaTimings: AutoSyncTimings = { intervalMs: 300, changeDebounceMs: 100, maxBackoffMs: 2400 };

interface Library {
  engine: FacetEngine;
  eventId: number;
  photosDir: string;
  libraryDir: string;
  timings: AutoSyncTimings;
}

let ada: Library;
let bea: Library;
let nextSeed = 1;

async function writePhotos(dir: string, names: string[]): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of names) fs.writeFileSync(path.join(dir, name), await scenePhoto(nextSeed++));
}

async function openLibrary(name: string, photos: string[], timings: AutoSyncTimings): Promise<Library> {
  const libraryDir = path.join(temp.dir, name, 'library');
  const photosDir = path.join(temp.dir, name, 'photos');
  await writePhotos(photosDir, photos);
  const engine = await openEngine({ libraryDir, threads: 1, facePackDir: null, autoSync: timings });
  const sourceId = (await engine.api.addFolderSource({ path: photosDir })).id;
  await engine.indexAll();
  const eventId = (await engine.api.createEvent({ name: 'Picnic', selection: { kind: 'folder', sourceId, folder: '' } })).id;
  return { engine, eventId, photosDir, libraryDir, timings };
}

const eventFiles = async (lib: Library) => (await lib.engine.api.listEventPhotos({ eventId: lib.eventId, offset: 0, limit: 100 })).items.length;
const autoSyncOf = (lib: Library): Promise<EventAutoSync> => lib.engine.api.getEventAutoSync({ eventId: lib.eventId });

/** A photo new to the library, added to the event by hand: a local edit. */
async function addNewPhoto(lib: Library, name: string): Promise<void> {
  await writePhotos(lib.photosDir, [name]);
  await lib.engine.indexAll();
  const photo = (await lib.engine.api.listPhotos({ offset: 0, limit: 100 })).items.find((p) => p.fileName === name)!;
  await lib.engine.api.addPhotosToEvent({ eventId: lib.eventId, selection: { kind: 'photos', photoIds: [photo.id] } });
}

beforeAll(async () => {
  fs.mkdirSync(shared);
  ada = await openLibrary('ada', ['a1.jpg', 'a2.jpg'], adaTimings);
  bea = await openLibrary('bea', ['b1.jpg'], beaTimings);
  for (const lib of [ada, bea])
    await lib.engine.api.linkEventToSharedLocation({
      eventId: lib.eventId,
      location: { kind: 'folder', path: shared },
      shareOriginals: true,
      shareFaces: false,
    });
}, 120_000);

afterAll(async () => {
  await ada?.engine.close();
  await bea?.engine.close();
  temp.cleanup();
});

describe('automatic sync of a linked event', () => {
  it('syncs on a schedule, and after a local edit', async () => {
    // Bea's schedule brings Ada's photos (Ada pushed hers when her engine first tried).
    await waitFor('Bea to get Ada’s photos', async () => (await eventFiles(bea)) === 3, 30_000);
    expect(await autoSyncOf(bea)).toMatchObject({ linked: true, paused: false, running: true, failures: 0, lastError: null });
    const status = await bea.engine.api.getEventSyncStatus({ eventId: bea.eventId });
    expect(status.lastSyncAt).not.toBeNull();
    expect(status.lastResult).toMatchObject({ eventId: bea.eventId });

    // Ada's next scheduled sync is minutes away: her edit is what syncs her event now.
    await addNewPhoto(ada, 'a3.jpg');
    await waitFor('Ada’s edit to sync both ways', async () => (await eventFiles(ada)) === 4 && (await eventFiles(bea)) === 4, 30_000);
    const adaState = await autoSyncOf(ada);
    expect(Date.parse(adaState.nextSyncAt!) - Date.parse(adaState.lastAttemptAt!)).toBe(adaTimings.intervalMs);
  }, 60_000);

  it('backs off while the shared folder is gone, and syncs again once it is back', async () => {
    fs.renameSync(shared, `${shared}-away`);
    const failing = await waitFor('three failed attempts', async () => {
      const state = await autoSyncOf(bea);
      return state.failures >= 3 && state;
    });
    expect(failing.lastError).toMatch(/shared folder|no such file|ENOENT/i);
    // The wait doubles with each failure in a row, up to the cap.
    const wait = Date.parse(failing.nextSyncAt!) - Date.parse(failing.lastAttemptAt!);
    expect(wait).toBe(Math.min(beaTimings.maxBackoffMs, beaTimings.intervalMs * 2 ** failing.failures));
    await sleep(1500);
    // Without the backoff it would have tried every 300 ms.
    expect((await autoSyncOf(bea)).failures).toBeLessThanOrEqual(failing.failures + 2);

    fs.renameSync(`${shared}-away`, shared);
    await addNewPhoto(ada, 'a4.jpg');
    const recovered = await waitFor('Bea to recover', async () => {
      const state = await autoSyncOf(bea);
      return state.failures === 0 && (await eventFiles(bea)) === 5 && state;
    });
    expect(recovered.lastError).toBeNull();
  }, 60_000);

  it('leaves a paused event alone, across a restart, until it is resumed', async () => {
    const paused = await bea.engine.api.setEventAutoSyncPaused({ eventId: bea.eventId, paused: true });
    expect(paused).toMatchObject({ paused: true, nextSyncAt: null });
    const before = paused.lastAttemptAt;
    await addNewPhoto(ada, 'a5.jpg');
    await waitFor('Ada to push', async () => (await autoSyncOf(ada)).lastAttemptAt !== null && (await eventFiles(ada)) === 6);
    await sleep(1500);
    expect(await eventFiles(bea)).toBe(5);
    expect((await autoSyncOf(bea)).lastAttemptAt).toBe(before);

    await bea.engine.close();
    bea.engine = await openEngine({ libraryDir: bea.libraryDir, threads: 1, facePackDir: null, autoSync: beaTimings });
    expect(await autoSyncOf(bea)).toMatchObject({ paused: true });
    await sleep(1000);
    expect(await eventFiles(bea)).toBe(5);

    await bea.engine.api.setEventAutoSyncPaused({ eventId: bea.eventId, paused: false });
    await waitFor('Bea to catch up once resumed', async () => (await eventFiles(bea)) === 6, 30_000);
  }, 60_000);

  it('does not sync again when Sync now came right after the link', async () => {
    const cid = await openLibrary('cid', ['c1.jpg'], { intervalMs: 10 * 60_000, changeDebounceMs: 1500, maxBackoffMs: 60 * 60_000 });
    try {
      await cid.engine.api.linkEventToSharedLocation({
        eventId: cid.eventId,
        location: { kind: 'folder', path: shared },
        shareOriginals: true,
        shareFaces: false,
      });
      const byHand = await cid.engine.api.syncEvent({ eventId: cid.eventId });
      expect(byHand.pushed).toBeGreaterThan(0);
      const after = (await autoSyncOf(cid)).lastAttemptAt;
      // The link asked for a sync 1.5 s later; the one by hand covered it.
      await sleep(2500);
      expect((await autoSyncOf(cid)).lastAttemptAt).toBe(after);
      expect((await cid.engine.api.getEventSyncStatus({ eventId: cid.eventId })).lastResult?.pushed).toBe(byHand.pushed);
    } finally {
      await cid.engine.close();
    }
  }, 60_000);

  it('does not sync by itself in a one-off command, refuses to pause an event that is not linked, and pauses from the CLI', async () => {
    const soloDir = path.join(temp.dir, 'solo');
    const oneOff = await openEngine({ libraryDir: soloDir, threads: 1, facePackDir: null });
    let eventId: number;
    try {
      eventId = (await oneOff.api.createEvent({ name: 'Alone' })).id;
      expect(await oneOff.api.getEventAutoSync({ eventId })).toMatchObject({ linked: false, running: false, nextSyncAt: null });
      await expect(oneOff.api.setEventAutoSyncPaused({ eventId, paused: true })).rejects.toMatchObject({ code: 'conflict' });
      await oneOff.api.linkEventToSharedLocation({ eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: false });
      expect(await oneOff.api.getEventAutoSync({ eventId })).toMatchObject({ linked: true, running: false, lastAttemptAt: null });
    } finally {
      await oneOff.close();
    }
    const paused = await runFacet(soloDir, ['auto-sync', String(eventId), '--pause', '--json']);
    expect(paused.code, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout)).toMatchObject({ eventId, linked: true, paused: true });
    const shown = await runFacet(soloDir, ['auto-sync', String(eventId)]);
    expect(shown.stdout).toContain(`Event ${eventId}: automatic sync paused`);
  }, 60_000);
});
