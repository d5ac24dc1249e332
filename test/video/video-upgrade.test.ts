/**
 * A library indexed before videos had posters (listed without decoding: no thumbnail, faces
 * 'skipped') gets them after the upgrade: migration 14 queues those videos, the next indexing
 * run gives them what a new video gets, and the event they were in keeps them.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { makeTempDir } from '../library/helpers/temp';
import { writeClip } from './clips';
import { migrations } from '../../src/main/catalog/migrations';

const temp = makeTempDir('video-upgrade');
afterAll(() => temp.cleanup());

describe('upgrading a library with videos indexed before posters', () => {
  it('indexes those videos again: poster, duration, and the same row in its event', async () => {
    const folder = path.join(temp.dir, 'videos');
    const libraryDir = path.join(temp.dir, 'library');
    writeClip(folder, 'old.webm', { durationSeconds: 2, width: 320, height: 240, container: 'webm' });
    let engine = await openEngine({ libraryDir, watch: false, threads: 1, facePackDir: null });
    const sourceId = (await engine.api.addFolderSource({ path: folder })).id;
    await engine.indexAll();
    const eventId = (await engine.api.createEvent({ name: 'Old', selection: { kind: 'folder', sourceId, folder: '' } })).id;
    const [video] = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items;
    await engine.close();

    // What an older Facet left (no derivatives, faces skipped for being a video), then migration 14
    // run on it. The later migrations' columns are here already, so the schema version cannot
    // simply be wound back to 13.
    const db = new Database(path.join(libraryDir, 'catalog.sqlite'));
    db.prepare("DELETE FROM derivatives WHERE kind IN ('thumb', 'preview')").run();
    db.prepare("UPDATE files SET duration_seconds = NULL, face_state = 'skipped', face_state_reason = 'video: faces are only found in photos'").run();
    db.exec(migrations.find((migration) => migration.version === 14)!.sql);
    db.close();
    rmSync(path.join(libraryDir, 'cache', 'derivatives'), { recursive: true, force: true });

    engine = await openEngine({ libraryDir, watch: false, threads: 1, facePackDir: null });
    try {
      await engine.indexAll();
      const [again] = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items;
      expect(again).toMatchObject({ id: video!.id, mediaType: 'video', hasThumb: true });
      expect(again!.durationSeconds).toBeCloseTo(2, 0);
      const inEvent = await engine.api.listEventPhotos({ eventId, offset: 0, limit: 10 });
      expect(inEvent.items.map((photo) => photo.id)).toEqual([video!.id]);
      expect((await engine.api.getPhoto({ photoId: video!.id })).faceStateReason).toBe('face models not enabled');
    } finally {
      await engine.close();
    }
  }, 120_000);
});
