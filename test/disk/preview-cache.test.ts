import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { renderScene, testClip } from '../fixtures';
import { makeTempDir } from '../library/helpers/temp';

const temp = makeTempDir('preview-cache');
afterAll(() => temp.cleanup());

const photos = path.join(temp.dir, 'photos');
const names = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'];

describe('the library on disk and the preview cache', () => {
  let engine: FacetEngine;
  const ids = new Map<string, number>();
  const previewFile = async (name: string) => engine.resolveMedia('preview', ids.get(name)!);
  const hasPreview = async (name: string) => {
    const media = await previewFile(name);
    return media !== null && media.path !== null && fs.existsSync(media.path);
  };

  beforeAll(async () => {
    fs.mkdirSync(photos, { recursive: true });
    for (const [i, name] of names.entries())
      await (await renderScene(20 + i, { width: 1600, height: 1200 })).jpeg({ quality: 90 }).toFile(path.join(photos, name));
    engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), facePackDir: null, threads: 1 });
    await engine.api.addFolderSource({ path: photos });
    await engine.indexAll();
    for (const photo of (await engine.api.listPhotos({ offset: 0, limit: 10 })).items) ids.set(photo.fileName, photo.id);
  });
  afterAll(async () => engine?.close());

  it("gives the library's size by part, measured from the files", async () => {
    const backup = await engine.backUpCatalog();
    const usage = await engine.api.getDiskUsage({});
    const catalogFile = path.join(usage.libraryDir, 'catalog.sqlite');
    expect(usage.parts.catalog).toBeGreaterThanOrEqual(fs.statSync(catalogFile).size);
    const previews = await Promise.all(names.map(async (name) => fs.statSync((await previewFile(name))!.path!).size));
    expect(usage.parts.previews).toBe(previews.reduce((a, b) => a + b, 0));
    expect(usage.parts.thumbnails).toBeGreaterThan(0);
    expect(usage.parts.logsAndBackups).toBeGreaterThanOrEqual(fs.statSync(backup.file).size);
    expect(usage.parts.faceIndex).toBe(0);
    expect(usage.total).toBe(Object.values(usage.parts).reduce((a, b) => a + b, 0));
    expect(usage.previewCache).toEqual({ count: 4, bytes: usage.parts.previews, maxBytes: null });
  });

  it('evicts the least recently viewed previews beyond the limit and makes one again when it is viewed', async () => {
    // Viewed: b, then a (a is the most recent); c and d were only written by indexing, earlier.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.api.getPhoto({ photoId: ids.get('b.jpg')! });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.api.getPhoto({ photoId: ids.get('a.jpg')! });
    const before = await engine.api.getDiskUsage({});
    const sizes = Object.fromEntries(await Promise.all(names.map(async (name) => [name, fs.statSync((await previewFile(name))!.path!).size] as const)));
    const limit = sizes['a.jpg']! + sizes['b.jpg']! + 1;

    const after = await engine.api.setPreviewCacheLimit({ maxBytes: limit });
    expect(after.previewCache).toEqual({ count: 2, bytes: sizes['a.jpg']! + sizes['b.jpg']!, maxBytes: limit });
    expect(after.parts.previews).toBeLessThan(before.parts.previews);
    expect(await Promise.all(names.map(hasPreview))).toEqual([true, true, false, false]);
    // The grid's thumbnails stay.
    expect((await engine.api.listPhotos({ offset: 0, limit: 10 })).items.every((p) => p.hasThumb)).toBe(true);

    // Viewing c makes its preview again, and b (viewed longest ago) goes to stay under the limit.
    const shown = await engine.api.getPhoto({ photoId: ids.get('c.jpg')! });
    expect(shown.fileName).toBe('c.jpg');
    expect(await Promise.all(names.map(hasPreview))).toEqual([true, false, true, false]);
    const remade = (await previewFile('c.jpg'))!.path!;
    expect(fs.statSync(remade).size).toBeGreaterThan(1000);
    expect((await engine.api.getDiskUsage({})).previewCache.count).toBe(2);

    const unlimited = await engine.api.setPreviewCacheLimit({ maxBytes: null });
    expect(unlimited.previewCache.maxBytes).toBeNull();
    await engine.api.getPhoto({ photoId: ids.get('d.jpg')! });
    expect(await hasPreview('d.jpg')).toBe(true);
  });
});

describe('an evicted video preview', () => {
  it('is made again from a poster frame of the video when it is viewed', async () => {
    const clips = path.join(temp.dir, 'clips');
    fs.mkdirSync(clips, { recursive: true });
    fs.writeFileSync(path.join(clips, 'walk.mp4'), testClip({ durationSeconds: 2, width: 640, height: 360 }));
    const engine = await openEngine({ libraryDir: path.join(temp.dir, 'video-library'), facePackDir: null, threads: 1 });
    try {
      await engine.api.addFolderSource({ path: clips });
      await engine.indexAll();
      const [clip] = (await engine.api.listPhotos({ offset: 0, limit: 1 })).items;
      const before = engine.resolveMedia('preview', clip!.id)!.path!;
      const bytes = fs.readFileSync(before);

      expect((await engine.api.setPreviewCacheLimit({ maxBytes: 0 })).previewCache.count).toBe(0);
      expect(fs.existsSync(before)).toBe(false);
      expect(engine.resolveMedia('preview', clip!.id)).toBeNull();

      expect((await engine.api.getPhoto({ photoId: clip!.id })).mediaType).toBe('video');
      const after = engine.resolveMedia('preview', clip!.id)!.path!;
      expect(after).toBe(before);
      // The same poster frame as indexing rendered.
      expect(fs.readFileSync(after).equals(bytes)).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
