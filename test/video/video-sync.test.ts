/**
 * Videos in event sync: a contributor's video reaches the others as its original (sync shares
 * videos only so), and their libraries index it as a video: poster, duration, playable original.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { faceSampleTimes } from '../../src/main/video/frames';
import { testClip } from '../fixtures';
import { faceClip } from './clips';
import { makeTempDir } from '../library/helpers/temp';
import { openContributor, scenePhoto, syncUntilQuiet, type Contributor } from '../sync/helpers/contributors';

const temp = makeTempDir('video-sync');
const clip = testClip({ durationSeconds: 3, width: 320, height: 240, container: 'webm', createdAt: new Date('2023-03-04T10:00:00Z') });
let alice: Contributor;
let bob: Contributor;

beforeAll(async () => {
  alice = await openContributor(
    temp.dir,
    {
      name: 'alice',
      photos: new Map([
        ['beach.webm', clip],
        ['a.jpg', await scenePhoto(1)],
      ]),
    },
    'Beach',
  );
  bob = await openContributor(temp.dir, { name: 'bob', photos: new Map([['b.jpg', await scenePhoto(2)]]) }, 'Beach');
  const shared = path.join(temp.dir, 'shared');
  mkdirSync(shared);
  for (const person of [alice, bob]) {
    await person.engine.api.linkEventToSharedLocation({
      eventId: person.eventId,
      location: { kind: 'folder', path: shared },
      shareOriginals: true,
      shareFaces: false,
    });
  }
  await syncUntilQuiet([alice, bob]);
}, 180_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  temp.cleanup();
});

describe('syncing an event with a video', () => {
  it('gives the others the video as a video: poster thumbnail, duration, the original byte for byte', async () => {
    const page = await bob.engine.api.listEventPhotos({ eventId: bob.eventId, offset: 0, limit: 10 });
    const video = page.items.find((item) => item.mediaType === 'video');
    expect(page.items).toHaveLength(3);
    expect(video).toMatchObject({ hasThumb: true, width: 320, height: 240 });
    expect(video!.durationSeconds).toBeCloseTo(3, 0);
    const original = bob.engine.resolveMedia('original', video!.id)!;
    expect(original.contentType).toBe('video/webm');
    expect(readFileSync(original.path!).equals(clip)).toBe(true);
  });
});

describe('syncing a video with face sharing on', () => {
  it('shares no video faces: the others find them in their copy, with the times of their frames', async () => {
    const base = path.join(temp.dir, 'faces');
    const shared = path.join(base, 'shared');
    mkdirSync(shared, { recursive: true });
    const open = async (name: string, files: Map<string, Buffer>) => {
      const folder = path.join(base, name, 'media');
      mkdirSync(folder, { recursive: true });
      for (const [file, bytes] of files) writeFileSync(path.join(folder, file), bytes);
      const engine = await openEngine({ libraryDir: path.join(base, name, 'library'), watch: false, threads: 1 });
      const sourceId = (await engine.api.addFolderSource({ path: folder })).id;
      await engine.indexAll();
      const eventId = (await engine.api.createEvent({ name: 'Group', selection: { kind: 'folder', sourceId, folder: '' } })).id;
      await engine.api.linkEventToSharedLocation({ eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: true });
      return { engine, eventId };
    };
    const carol = await open('carol', new Map([['group.webm', testClip({ ...faceClip, container: 'webm' })]]));
    const dave = await open('dave', new Map([['d.jpg', await scenePhoto(4)]]));
    try {
      const results = [];
      for (let round = 0; round < 3; round++) {
        for (const person of [carol, dave]) results.push(await person.engine.api.syncEvent({ eventId: person.eventId }));
      }
      // Video faces are not shared (a frame the log cannot name), so nothing is refused or recomputed for them.
      expect(results.flatMap((result) => result.refusals)).toEqual([]);
      expect(results.reduce((sum, result) => sum + (result.facesRecomputed ?? 0), 0)).toBe(0);
      await dave.engine.indexAll();
      const page = await dave.engine.api.listEventPhotos({ eventId: dave.eventId, offset: 0, limit: 10 });
      const video = page.items.find((item) => item.mediaType === 'video')!;
      const faces = await dave.engine.api.listPhotoFaces({ photoId: video.id });
      expect(faces.length).toBeGreaterThan(1);
      for (const face of faces) expect(faceSampleTimes(faceClip.durationSeconds)).toContain(face.frameSeconds);
    } finally {
      await Promise.all([carol.engine.close(), dave.engine.close()]);
    }
  }, 240_000);
});
