import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { bundledPack, copyPack, tempDir, writeGroupPhoto, writeLandscape } from './helpers';

describe('a damaged face model pack', () => {
  let root: string;
  let brokenPack: string;

  beforeAll(async () => {
    root = await tempDir('broken');
    brokenPack = await copyPack(path.join(root, 'pack'), { damage: 'recognizer-arcface.onnx' });
    await writeGroupPhoto(path.join(root, 'photos', 'group.jpg'));
    await writeLandscape(path.join(root, 'photos', 'landscape.jpg'));
  });
  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('lets indexing complete, recording on each photo why faces were not found', async () => {
    const engine = await openEngine({ libraryDir: path.join(root, 'library'), threads: 2, facePackDir: brokenPack });
    try {
      await engine.api.addFolderSource({ path: path.join(root, 'photos') });
      await engine.indexAll();
      const status = await engine.api.getStatus({});
      expect(status).toMatchObject({ photos: 2, errors: 0, faces: 0 });
      const page = await engine.api.listPhotos({ offset: 0, limit: 10 });
      for (const item of page.items) {
        expect(item.hasThumb).toBe(true);
        const photo = await engine.api.getPhoto({ photoId: item.id });
        expect(photo.faceState).toBe('error');
        expect(photo.faceStateReason).toContain('recognizer-arcface.onnx');
        expect(photo.faceStateReason).toMatch(/sha256/);
      }
    } finally {
      await engine.close();
    }
  });

  it('finds the faces once a working pack is back', async () => {
    const engine = await openEngine({ libraryDir: path.join(root, 'library'), threads: 2, facePackDir: bundledPack });
    try {
      await engine.indexAll();
      const page = await engine.api.listPhotos({ offset: 0, limit: 10 });
      const states = Object.fromEntries(
        await Promise.all(page.items.map(async (item) => [item.fileName, (await engine.api.getPhoto({ photoId: item.id })).faceState])),
      );
      expect(states).toEqual({ 'group.jpg': 'done', 'landscape.jpg': 'none' });
      expect((await engine.api.getStatus({})).faces).toBeGreaterThanOrEqual(2);
    } finally {
      await engine.close();
    }
  });
});
