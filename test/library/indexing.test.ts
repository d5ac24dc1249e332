import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetEvent, IndexProgress, PhotoSummary } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { makePhotoLibrary, type PhotoLibrary } from '../fixtures';
import { makeTempDir } from './helpers/temp';

describe('indexing a generated library', () => {
  const temp = makeTempDir('indexing');
  const libraryDir = path.join(temp.dir, 'library');
  let photos: PhotoLibrary;
  let engine: FacetEngine;
  const events: FacetEvent[] = [];
  let sourceId: number;

  const allPhotos = async (): Promise<PhotoSummary[]> => (await engine.api.listPhotos({ offset: 0, limit: 2000 })).items;
  const byName = async (name: string) => {
    const found = (await allPhotos()).find((photo) => photo.fileName === name);
    if (!found) throw new Error(`${name} not listed`);
    return found;
  };
  const lastProgress = (): IndexProgress => {
    const progress = events.filter((e) => e.type === 'index-progress').at(-1);
    if (progress?.type !== 'index-progress') throw new Error('no progress event');
    return progress.progress;
  };

  beforeAll(async () => {
    photos = await makePhotoLibrary(path.join(temp.dir, 'photos'), { extraPhotos: 3 });
    engine = await openEngine({ libraryDir, threads: 1 });
    engine.subscribe((event) => events.push(event));
    sourceId = (await engine.api.addFolderSource({ path: photos.root })).id;
    await engine.indexAll();
  });

  afterAll(async () => {
    await engine?.close();
    temp.cleanup();
  });

  it('indexes every visible file once and skips the hidden folder', async () => {
    const visibleImages = photos.visible.filter((f) => f.mediaType === 'image').length;
    const status = await engine.api.getStatus({});
    expect(status).toMatchObject({ sources: 1, photos: visibleImages, videos: 1, missing: 0, errors: 0, pendingJobs: 0 });
    expect(status.catalogPath).toBe(path.join(libraryDir, 'catalog.sqlite'));
    const listed = await allPhotos();
    expect(listed.map((p) => p.fileName).sort()).toEqual(photos.visible.map((f) => path.basename(f.relPath)).sort());
    expect(listed.some((p) => p.fileName === 'secret.jpg')).toBe(false);
    const [source] = await engine.api.listSources({});
    expect(source).toMatchObject({ id: sourceId, state: 'idle', photoCount: visibleImages, videoCount: 1, errorCount: 0 });
    expect(source?.lastScanAt).not.toBeNull();
  });

  it('calls nothing unchanged on the first run: indexAll while the new source is still indexing adds no "unchanged" files', () => {
    expect(lastProgress()).toMatchObject({ sourceId, phase: 'idle', errors: 0, skipped: 0 });
  });

  it('stores the metadata the pipeline found', async () => {
    const paris = await engine.api.getPhoto({ photoId: (await byName('IMG_0001.jpg')).id });
    expect(paris).toMatchObject({
      takenAt: '2023-07-14T10:30:00+02:00',
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS R6',
      lensModel: 'RF24-105mm F4 L IS USM',
      width: 640,
      height: 480,
      contentType: 'image/jpeg',
      path: path.join(photos.root, 'IMG_0001.jpg'),
      hasThumb: true,
      missing: false,
    });
    expect(paris.gps?.latitude).toBeCloseTo(48.8584, 3);
    expect(paris.dhash).toMatch(/^[0-9a-f]{16}$/);
    const rotated = await engine.api.getPhoto({ photoId: (await byName('IMG_0002.jpg')).id });
    expect([rotated.width, rotated.height, rotated.orientation]).toEqual([480, 640, 6]);
    const clip = await engine.api.getPhoto({ photoId: (await byName('clip.mp4')).id });
    expect(clip).toMatchObject({ mediaType: 'video', hasThumb: true, width: 1920, height: 1080 });
    expect(clip.durationSeconds).toBeCloseTo(3.5, 1);
  });

  it('lists newest first, files without a capture time last in one Undated bucket', async () => {
    const listed = await allPhotos();
    const dated = listed.filter((p) => p.fileName.startsWith('IMG_000') || p.fileName.startsWith('photo_'));
    const names = dated.map((p) => p.fileName);
    // IMG_0001 (2023-07) and its copy come before IMG_0002 (2022-12), which precedes the 2020 extras.
    expect(names.indexOf('IMG_0001.jpg')).toBeLessThan(names.indexOf('IMG_0002.jpg'));
    expect(names.indexOf('IMG_0002.jpg')).toBeLessThan(names.indexOf('photo_0003.jpg'));
    expect(names.indexOf('photo_0003.jpg')).toBeLessThan(names.indexOf('photo_0001.jpg'));
    const timeline = await engine.api.getTimeline({});
    expect(timeline.reduce((sum, b) => sum + b.count, 0)).toBe(listed.length);
    for (const bucket of timeline) {
      const first = listed[bucket.firstOffset]!;
      if (first.takenAt) expect(first.takenAt.slice(0, 7)).toBe(bucket.month);
    }
    const page = await engine.api.listPhotos({ offset: 2, limit: 3, sourceId });
    expect(page.items.map((p) => p.id)).toEqual(listed.slice(2, 5).map((p) => p.id));
    // Their modification time (today) no longer files them under the current month.
    const undated = listed.filter((p) => p.takenAt === null).length;
    expect(undated).toBeGreaterThan(0);
    expect(listed.slice(-undated).every((p) => p.takenAt === null)).toBe(true);
    expect(timeline.at(-1)).toEqual({ month: 'undated', count: undated, firstOffset: listed.length - undated });
  });

  it('serves thumbnails, previews and originals the catalog knows, and nothing else', async () => {
    const paris = await byName('IMG_0001.jpg');
    const thumb = engine.resolveMedia('thumb', paris.id);
    const preview = engine.resolveMedia('preview', paris.id);
    expect(thumb?.contentType).toBe('image/webp');
    expect(thumb?.path?.startsWith(path.join(libraryDir, 'cache', 'derivatives'))).toBe(true);
    const thumbMeta = await sharp(thumb!.path!).metadata();
    expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBeLessThanOrEqual(768);
    expect(preview?.contentType).toBe('image/jpeg');
    expect((await sharp(preview!.path!).metadata()).format).toBe('jpeg');
    expect(engine.resolveMedia('original', paris.id)).toEqual({
      path: path.join(photos.root, 'IMG_0001.jpg'),
      contentType: 'image/jpeg',
    });
    const copy = await byName('IMG_0001 copy.jpg');
    expect(engine.resolveMedia('thumb', copy.id)?.path).toBe(thumb?.path);
    expect(engine.resolveMedia('thumb', 999_999)).toBeNull();
    const clip = (await byName('clip.mp4')).id;
    expect(engine.resolveMedia('thumb', clip)?.contentType).toBe('image/webp');
    expect(engine.resolveMedia('original', clip)?.contentType).toBe('video/mp4');
  });

  it('finds exact and near duplicates', async () => {
    const exact = await engine.api.listDuplicates({ kind: 'exact' });
    expect(exact).toHaveLength(1);
    expect(exact[0]!.photos.map((p) => p.fileName).sort()).toEqual(['IMG_0001 copy.jpg', 'IMG_0001.jpg']);
    expect(exact[0]!.maxDistance).toBe(0);
    const near = await engine.api.listDuplicates({ kind: 'near' });
    const group = near.find((g) => g.photos.some((p) => p.fileName === 'IMG_0001_small.jpg'));
    expect(group?.photos.map((p) => p.fileName).sort()).toEqual(['IMG_0001 copy.jpg', 'IMG_0001.jpg', 'IMG_0001_small.jpg']);
    expect(group!.maxDistance).toBeLessThanOrEqual(6);
    const paris = await engine.api.getPhoto({ photoId: (await byName('IMG_0001.jpg')).id });
    expect(paris.exactDuplicateIds).toEqual([(await byName('IMG_0001 copy.jpg')).id]);
  });

  it('rescans incrementally: unchanged skipped, changed re-indexed, deleted marked missing', async () => {
    const before = await byName('no-date.png');
    const gif = path.join(photos.root, 'trips', 'animated.gif');
    const changed = path.join(photos.root, 'no-date.png');
    await sharp({ create: { width: 64, height: 32, channels: 3, background: '#336699' } })
      .png()
      .toFile(changed);
    fs.rmSync(gif);
    events.length = 0;
    await engine.indexAll();
    const progress = lastProgress();
    expect(progress).toMatchObject({ sourceId, phase: 'idle', done: 1, errors: 0, skipped: photos.visible.length - 2 });
    const after = await byName('no-date.png');
    expect(after.id).toBe(before.id);
    expect(after.sha256).not.toBe(before.sha256);
    expect([after.width, after.height]).toEqual([64, 32]);
    const gone = await byName('animated.gif');
    expect(gone.missing).toBe(true);
    expect(engine.resolveMedia('original', gone.id)).toBeNull();
    expect(engine.resolveMedia('thumb', gone.id)).not.toBeNull();
    expect((await engine.api.getStatus({})).missing).toBe(1);
  });

  it('refuses folders that do not exist, files, duplicates and nesting', async () => {
    await expect(engine.api.addFolderSource({ path: path.join(temp.dir, 'nope') })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('nope'),
    });
    await expect(engine.api.addFolderSource({ path: path.join(photos.root, 'IMG_0001.jpg') })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(engine.api.addFolderSource({ path: photos.root })).rejects.toMatchObject({ code: 'conflict' });
    await expect(engine.api.addFolderSource({ path: path.join(photos.root, 'trips') })).rejects.toMatchObject({ code: 'conflict' });
    await expect(engine.api.addFolderSource({ path: temp.dir })).rejects.toMatchObject({ code: 'conflict' });
    await expect(engine.api.getPhoto({ photoId: 424242 })).rejects.toMatchObject({ code: 'not_found' });
  });
});
