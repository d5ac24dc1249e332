/**
 * Videos in event sync: a contributor's video reaches the others as its original (sync shares
 * videos only so), and their libraries index it as a video: poster, duration, playable original.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClip } from '../fixtures';
import { makeTempDir } from '../library/helpers/temp';
import { openContributor, scenePhoto, syncUntilQuiet, type Contributor } from '../sync/helpers/contributors';

const temp = makeTempDir('video-sync');
const clip = testClip({ durationSeconds: 3, width: 320, height: 240, container: 'webm', createdAt: new Date('2023-03-04T10:00:00Z') });
let alice: Contributor;
let bob: Contributor;

beforeAll(async () => {
  alice = await openContributor(temp.dir, { name: 'alice', photos: new Map([['beach.webm', clip], ['a.jpg', await scenePhoto(1)]]) }, 'Beach');
  bob = await openContributor(temp.dir, { name: 'bob', photos: new Map([['b.jpg', await scenePhoto(2)]]) }, 'Beach');
  const shared = path.join(temp.dir, 'shared');
  mkdirSync(shared);
  for (const person of [alice, bob]) {
    await person.engine.api.linkEventToSharedLocation({ eventId: person.eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: false });
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
    expect(readFileSync(original.path).equals(clip)).toBe(true);
  });
});
