/**
 * listEventPeople through the engine on a small lfw10 library: the visible people in an event's
 * photos with how many of its photos each is in, checked against what the catalog holds.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiCall } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import { labelledPhotos, lfw10, readCatalog, tempDir, type LabelledPhoto } from '../people-service/helpers';

const hasLfw10 = existsSync(lfw10);
if (!hasLfw10) console.warn(`SKIPPING event people tests: ${lfw10} is absent`);

/** In the event: Tony 3 photos and a copy of one (4), Colin 2, George 1; outside it: one more of Tony. */
const inEvent = [
  'Tony_Blair/Tony_Blair_0001.jpg',
  'Tony_Blair/Tony_Blair_0002.jpg',
  'Tony_Blair/Tony_Blair_0003.jpg',
  'copies/Tony_Blair_0001.jpg',
  'Colin_Powell/Colin_Powell_0001.jpg',
  'Colin_Powell/Colin_Powell_0002.jpg',
  'George_W_Bush/George_W_Bush_0001.jpg',
];
const outside = 'Tony_Blair/Tony_Blair_0004.jpg';

describe.skipIf(!hasLfw10)('the people of an event', { tags: ['datasets'] }, () => {
  let libraryDir: string;
  let photosDir: string;
  let engine: FacetEngine;
  let eventId: number;
  const personOf = {} as Record<'tony' | 'colin' | 'george', number>;

  beforeAll(async () => {
    libraryDir = await tempDir('event-people');
    photosDir = await tempDir('event-people-photos');
    for (const rel of [...inEvent, outside]) {
      const from = path.join(lfw10, rel.startsWith('copies/') ? `Tony_Blair/${path.basename(rel)}` : rel);
      await fs.mkdir(path.dirname(path.join(photosDir, rel)), { recursive: true });
      await fs.copyFile(from, path.join(photosDir, rel));
    }
    engine = await openEngine({ libraryDir, threads: 1 });
    await engine.api.addFolderSource({ path: photosDir });
    await engine.indexAll();

    const photos = await labelledPhotos(engine);
    expect(photos).toHaveLength(inEvent.length + 1);
    const eventPhotos = photos.filter((p) => inEvent.includes(path.relative(photosDir, p.path).split(path.sep).join('/')));
    eventId = (await engine.api.createEvent({ name: 'Summit', selection: { kind: 'photos', photoIds: eventPhotos.map((p) => p.photoId) } })).id;

    // The user sorts each labelled face into its person (whatever the clustering made of them).
    const facesOf = (identity: string, list: LabelledPhoto[]) => [...new Set(list.filter((p) => p.identity === identity).map((p) => p.face.id))];
    personOf.tony = (await engine.api.moveFaces({ faceIds: facesOf('Tony_Blair', photos).concat(facesOf('copies', photos)), personId: null })).person.id;
    personOf.colin = (await engine.api.moveFaces({ faceIds: facesOf('Colin_Powell', photos), personId: null })).person.id;
    personOf.george = (await engine.api.moveFaces({ faceIds: facesOf('George_W_Bush', photos), personId: null })).person.id;
    await engine.api.renamePerson({ personId: personOf.colin, name: 'Colin' });
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
    for (const dir of [libraryDir, photosDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  /** Person id -> event photos they are in, read from the catalog behind the engine's back. */
  const catalogCounts = () =>
    readCatalog(libraryDir, (db) => {
      const rows = db
        .prepare(
          `SELECT fc.person_id AS personId, count(DISTINCT f.id) AS photos
           FROM event_photos ep JOIN files f ON f.id = ep.file_id JOIN faces fc ON fc.sha256 = f.sha256
           JOIN people p ON p.id = fc.person_id
           WHERE ep.event_id = ? AND p.hidden = 0 AND fc.forgotten_at IS NULL GROUP BY fc.person_id`,
        )
        .all(eventId) as { personId: number; photos: number }[];
      return new Map(rows.map((row) => [row.personId, row.photos]));
    });

  it('lists the people in the event photos, most photos first, counted as the catalog holds them', async () => {
    const people = await engine.api.listEventPeople({ eventId });
    expect(new Map(people.map((p) => [p.person.id, p.photoCount]))).toEqual(catalogCounts());
    expect(people.map((p) => p.photoCount)).toEqual([...people.map((p) => p.photoCount)].sort((a, b) => b - a));

    // A copy of a photo is one more event photo; the photo outside the event does not count.
    const tony = people.find((p) => p.person.id === personOf.tony)!;
    expect(tony).toMatchObject({ photoCount: 4, person: { name: null, photoCount: 5 } });
    expect(tony.person.coverFaceId).not.toBeNull();
    expect(people[0]!.person.id).toBe(personOf.tony);
    expect(people.find((p) => p.person.id === personOf.colin)).toMatchObject({ photoCount: 2, person: { name: 'Colin' } });
    expect(people.find((p) => p.person.id === personOf.george)?.photoCount).toBe(1);
  });

  it('leaves out hidden people and follows the event as photos leave it', async () => {
    await engine.api.setPersonHidden({ personId: personOf.george, hidden: true });
    const colinPhotos = (await engine.api.listPersonPhotos({ personId: personOf.colin, offset: 0, limit: 10 })).items.map((p) => p.id);
    await engine.api.removePhotosFromEvent({ eventId, selection: { kind: 'photos', photoIds: colinPhotos.slice(0, 1) } });

    const people = await engine.api.listEventPeople({ eventId });
    expect(people.map((p) => p.person.id)).not.toContain(personOf.george);
    expect(new Map(people.map((p) => [p.person.id, p.photoCount]))).toEqual(catalogCounts());
    expect(people.find((p) => p.person.id === personOf.colin)?.photoCount).toBe(1);

    const empty = await engine.api.createEvent({ name: 'Nobody yet' });
    expect(await engine.api.listEventPeople({ eventId: empty.id })).toEqual([]);
  });

  it('is served by the dispatch like every method, with its input checked', async () => {
    const served = await dispatchApiCall(engine.api, 'listEventPeople', { eventId });
    expect(served).toEqual({ ok: true, value: await engine.api.listEventPeople({ eventId }) });
    expect(await dispatchApiCall(engine.api, 'listEventPeople', { eventId: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatchApiCall(engine.api, 'listEventPeople', { eventId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(() => parseApiCall('listEventPeople', { eventId, extra: 1 })).toThrow(/extra/);
  });
});
