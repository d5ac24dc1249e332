import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoDetail } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { readFaces, tempDir, writeGroupPhoto, writeLandscape, writeVideo } from './helpers';

async function photoNamed(engine: FacetEngine, fileName: string): Promise<PhotoDetail> {
  const page = await engine.api.listPhotos({ offset: 0, limit: 100 });
  const item = page.items.find((p) => p.fileName === fileName);
  if (!item) throw new Error(`${fileName} was not indexed`);
  return engine.api.getPhoto({ photoId: item.id });
}

describe('face state of every indexed file', () => {
  let root: string;
  let engine: FacetEngine;

  beforeAll(async () => {
    root = await tempDir('states');
    await writeGroupPhoto(path.join(root, 'photos', 'group.jpg'));
    await writeLandscape(path.join(root, 'photos', 'landscape.jpg'));
    await writeVideo(path.join(root, 'photos', 'clip.mp4'));
    engine = await openEngine({ libraryDir: path.join(root, 'library'), threads: 2 });
    await engine.api.addFolderSource({ path: path.join(root, 'photos') });
    await engine.indexAll();
  });
  afterAll(async () => {
    await engine?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it("is 'done' with the faces of a group photo", async () => {
    const group = await photoNamed(engine, 'group.jpg');
    expect(group).toMatchObject({ faceState: 'done', faceStateReason: null });
    const faces = await engine.api.listPhotoFaces({ photoId: group.id });
    expect(faces.length).toBeGreaterThanOrEqual(2);
  });

  it("is 'none' for a landscape without anyone in it", async () => {
    const landscape = await photoNamed(engine, 'landscape.jpg');
    expect(landscape).toMatchObject({ faceState: 'none', faceStateReason: null });
    expect(await engine.api.listPhotoFaces({ photoId: landscape.id })).toEqual([]);
  });

  it("is 'none' for a video without anyone in it (its frames were looked at)", async () => {
    const clip = await photoNamed(engine, 'clip.mp4');
    expect(clip).toMatchObject({ faceState: 'none', faceStateReason: null });
  });

  it('shares the faces of duplicate content instead of finding them again', async () => {
    const group = await photoNamed(engine, 'group.jpg');
    const before = readFaces(engine.libraryDir);
    const thumbs = before.map((face) => path.join(engine.libraryDir, ...face.thumbPath!.split('/')));
    const thumbTimes = await Promise.all(thumbs.map(async (file) => (await fs.stat(file)).mtimeMs));

    await fs.mkdir(path.join(root, 'copies'));
    await fs.copyFile(path.join(root, 'photos', 'group.jpg'), path.join(root, 'copies', 'same-people.jpg'));
    await engine.api.addFolderSource({ path: path.join(root, 'copies') });
    await engine.indexAll();

    const copy = await photoNamed(engine, 'same-people.jpg');
    expect(copy.exactDuplicateIds).toEqual([group.id]);
    expect(copy.faceState).toBe('done');
    const originalFaces = await engine.api.listPhotoFaces({ photoId: group.id });
    expect(await engine.api.listPhotoFaces({ photoId: copy.id })).toEqual(originalFaces);
    // No face row was added and no face thumbnail rewritten: the copy cost no detection.
    expect(readFaces(engine.libraryDir)).toEqual(before);
    expect(await Promise.all(thumbs.map(async (file) => (await fs.stat(file)).mtimeMs))).toEqual(thumbTimes);
  });

  it('drops the faces and their thumbnails with the last source that holds the content', async () => {
    const thumbs = readFaces(engine.libraryDir).map((face) => path.join(engine.libraryDir, ...face.thumbPath!.split('/')));
    const [photosSource, copiesSource] = await engine.api.listSources({});
    await engine.api.removeSource({ sourceId: copiesSource!.id });
    expect((await engine.api.getStatus({})).faces).toBe(thumbs.length);
    await engine.api.removeSource({ sourceId: photosSource!.id });
    expect((await engine.api.getStatus({})).faces).toBe(0);
    for (const file of thumbs) await expect(fs.access(file)).rejects.toThrow();
  });
});

describe('with face models turned off', () => {
  let root: string;

  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it("indexes photos with face state 'skipped', saying faces are not enabled", async () => {
    root = await tempDir('off');
    await writeGroupPhoto(path.join(root, 'photos', 'group.jpg'));
    const engine = await openEngine({ libraryDir: path.join(root, 'library'), threads: 1, facePackDir: null });
    try {
      await engine.api.addFolderSource({ path: path.join(root, 'photos') });
      await engine.indexAll();
      const group = await photoNamed(engine, 'group.jpg');
      expect(group).toMatchObject({ hasThumb: true, faceState: 'skipped', faceStateReason: 'face models not enabled' });
      expect((await engine.api.getStatus({})).faces).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
