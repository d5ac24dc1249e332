import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ExifTool, type WriteTags } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { manifestSchema } from '../../src/main/share/manifest';
import type { PhotoSummary } from '../../src/shared/api';
import { makeTempDir } from '../library/helpers/temp';

/** name -> the Rating tag written into the JPEG (group-qualified), or null for none. */
const files: { name: string; takenAt: string; rating: WriteTags | null; expected: number }[] = [
  { name: 'xmp-four.jpg', takenAt: '2024:05:06 10:00:00', rating: { 'XMP-xmp:Rating': 4 } as WriteTags, expected: 4 },
  { name: 'exif-two.jpg', takenAt: '2024:05:05 10:00:00', rating: { 'IFD0:Rating': 2 } as WriteTags, expected: 2 },
  { name: 'rejected.jpg', takenAt: '2024:05:04 10:00:00', rating: { 'XMP-xmp:Rating': -1 } as WriteTags, expected: 0 },
  { name: 'plain-a.jpg', takenAt: '2024:04:03 10:00:00', rating: null, expected: 0 },
  { name: 'plain-b.jpg', takenAt: '2024:04:02 10:00:00', rating: null, expected: 0 },
  { name: 'plain-c.jpg', takenAt: '2024:03:01 10:00:00', rating: null, expected: 0 },
];

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('favourites, ratings and hidden photos', () => {
  const temp = makeTempDir('marks');
  const root = path.join(temp.dir, 'photos');
  let engine: FacetEngine;
  const byName = new Map<string, PhotoSummary>();
  const idOf = (name: string) => byName.get(name)!.id;
  const call = (method: string, input: unknown) => dispatchApiCall(engine.api, method, input);
  const library = async (filter: object = {}) => (await engine.api.listPhotos({ offset: 0, limit: 100, ...filter })).items.map((p) => p.fileName);

  beforeAll(async () => {
    fs.mkdirSync(root, { recursive: true });
    const exiftool = new ExifTool({ maxProcs: 1 });
    try {
      for (const [index, file] of files.entries()) {
        const target = path.join(root, file.name);
        await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40 * index, g: 200 - 30 * index, b: 90 } } })
          .jpeg()
          .toFile(target);
        await exiftool.write(target, { DateTimeOriginal: file.takenAt, ...file.rating }, { writeArgs: ['-overwrite_original'] });
      }
    } finally {
      await exiftool.end();
    }
    engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), facePackDir: null, threads: 1 });
    await engine.api.addFolderSource({ path: root });
    await engine.indexAll();
    for (const photo of (await engine.api.listPhotos({ offset: 0, limit: 100 })).items) byName.set(photo.fileName, photo);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    temp.cleanup();
  });

  it('reads the XMP or EXIF Rating at indexing (a reject, -1, is no rating)', () => {
    for (const file of files) expect(byName.get(file.name), file.name).toMatchObject({ rating: file.expected, favourite: false, hidden: false });
  });

  it('filters the library by favourites and minimum rating, the timeline counting the same photos', async () => {
    expect(await engine.api.setFavourite({ photoIds: [idOf('plain-a.jpg'), idOf('exif-two.jpg')], favourite: true })).toEqual({ changed: 2 });
    expect(await engine.api.setFavourite({ photoIds: [idOf('plain-a.jpg')], favourite: true })).toEqual({ changed: 0 });
    expect(await library({ favourites: true })).toEqual(['exif-two.jpg', 'plain-a.jpg']);
    expect(await library({ minRating: 2 })).toEqual(['xmp-four.jpg', 'exif-two.jpg']);
    expect(await library({ favourites: true, minRating: 2 })).toEqual(['exif-two.jpg']);
    expect(await engine.api.getTimeline({ minRating: 2 })).toEqual([{ month: '2024-05', count: 2, firstOffset: 0 }]);
    expect((await engine.api.getTimeline({ favourites: true })).map((b) => [b.month, b.count])).toEqual([
      ['2024-05', 1],
      ['2024-04', 1],
    ]);
  });

  it("keeps the user's rating over the file's, also when the file is indexed again", async () => {
    const result = await engine.api.setRating({ photoIds: [idOf('xmp-four.jpg'), idOf('plain-c.jpg')], rating: 5 });
    expect(result).toEqual({ changed: 2, sidecarsWritten: 0, sidecarFailures: [] });
    await engine.api.setRating({ photoIds: [idOf('exif-two.jpg')], rating: 0 });
    expect(await library({ minRating: 1 })).toEqual(['xmp-four.jpg', 'plain-c.jpg']);

    // A newer version of the file (new mtime) is indexed again: the file's rating is read again, the user's stays.
    const touched = new Date('2025-01-01T00:00:00Z');
    fs.utimesSync(path.join(root, 'xmp-four.jpg'), touched, touched);
    const sourceId = (await engine.api.listSources({}))[0]!.id;
    await engine.api.rescanSource({ sourceId });
    await engine.indexAll();
    const again = await engine.api.getPhoto({ photoId: idOf('xmp-four.jpg') });
    expect(again).toMatchObject({ rating: 5, favourite: false });
  });

  it('hides photos from the library (and its ids), shows them alone on asking, and unhides them', async () => {
    const hidden = [idOf('plain-b.jpg'), idOf('rejected.jpg')];
    expect(await engine.api.setHidden({ photoIds: hidden, hidden: true })).toEqual({ changed: 2 });
    expect(await library()).toEqual(['xmp-four.jpg', 'exif-two.jpg', 'plain-a.jpg', 'plain-c.jpg']);
    expect(await library({ hidden: true })).toEqual(['rejected.jpg', 'plain-b.jpg']);
    expect((await engine.api.getTimeline({})).reduce((sum, b) => sum + b.count, 0)).toBe(4);
    expect(await engine.api.listPhotoIds({ sequence: { method: 'listPhotos', input: {} } })).toEqual(
      ['xmp-four.jpg', 'exif-two.jpg', 'plain-a.jpg', 'plain-c.jpg'].map(idOf),
    );
    // Events keep hidden photos.
    const event = await engine.api.createEvent({ name: 'May', selection: { kind: 'photos', photoIds: [...hidden, idOf('plain-a.jpg')] } });
    expect(await engine.api.listPhotoIds({ sequence: { method: 'listEventPhotos', input: { eventId: event.id } } })).toEqual(
      ['plain-b.jpg', 'plain-a.jpg', 'rejected.jpg'].map(idOf),
    );
    await engine.api.setHidden({ photoIds: hidden, hidden: false });
    expect(await library()).toHaveLength(files.length);
  });

  it('refuses unknown photos and out-of-range ratings, naming them', async () => {
    expect(await call('setFavourite', { photoIds: [999_999], favourite: true })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no photo with id 999999' },
    });
    const tooMany = await call('setRating', { photoIds: [idOf('plain-a.jpg')], rating: 6 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(tooMany.ok ? '' : tooMany.error.message).toMatch(/^setRating: rating: /);
    expect(await call('listPhotos', { offset: 0, limit: 10, minRating: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('listPhotoIds', { sequence: { method: 'listEventPhotos', input: { eventId: 4242 } } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('exports chosen photos as a share package', async () => {
    const chosen = [idOf('plain-a.jpg'), idOf('xmp-four.jpg')];
    const destination = path.join(temp.dir, 'out', 'chosen');
    const result = await engine.api.exportPhotos({ photoIds: chosen, destination, format: 'folder', name: 'Picked', includeOriginals: false });
    expect(result).toMatchObject({ destination, format: 'folder', photos: 2, skipped: [] });
    const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(destination, 'manifest.json'), 'utf8')));
    expect(manifest.event).toEqual({ name: 'Picked', startsAt: '2024-04-03T10:00:00', endsAt: '2024-05-06T10:00:00' });
    expect(manifest.photos.map((p) => p.sha256).sort()).toEqual(chosen.map((id) => [...byName.values()].find((p) => p.id === id)!.sha256).sort());
    expect(manifest).toMatchObject({ people: [], guests: [] });
    expect(await call('exportPhotos', { photoIds: [999_999], destination, format: 'folder' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('XMP sidecars (opt-in)', () => {
  const temp = makeTempDir('sidecars');
  const root = path.join(temp.dir, 'photos');
  let engine: FacetEngine;
  let photos: PhotoSummary[];
  const original = (name: string) => path.join(root, name);

  beforeAll(async () => {
    fs.mkdirSync(root, { recursive: true });
    for (const [index, name] of ['one.jpg', 'two.jpg', 'linked.jpg'].entries()) {
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 80 * index, g: 120, b: 30 } } })
        .jpeg()
        .toFile(original(name));
    }
    engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), facePackDir: null, threads: 1 });
    await engine.api.addFolderSource({ path: root });
    await engine.indexAll();
    photos = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items;
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    temp.cleanup();
  });

  const idOf = (name: string) => photos.find((p) => p.fileName === name)!.id;

  it('writes none while the setting is off (the default)', async () => {
    expect(await engine.api.getLibrarySettings({})).toMatchObject({ writeXmpSidecars: false });
    await engine.api.setRating({ photoIds: [idOf('one.jpg')], rating: 2 });
    expect(fs.existsSync(`${original('one.jpg')}.xmp`)).toBe(false);
  });

  it('writes the rating into <photo>.xmp only: the original keeps every byte', async () => {
    expect(await engine.api.setLibrarySettings({ writeXmpSidecars: true })).toMatchObject({ writeXmpSidecars: true });
    const before = { bytes: sha256Of(original('one.jpg')), mtime: fs.statSync(original('one.jpg')).mtimeMs };
    // An existing sidecar (another program's) keeps its other tags.
    const exiftool = new ExifTool({ maxProcs: 1 });
    try {
      await exiftool.write(`${original('two.jpg')}.xmp`, { Title: 'Harbour' }, { writeArgs: ['-overwrite_original'] });
      const result = await engine.api.setRating({ photoIds: [idOf('one.jpg'), idOf('two.jpg')], rating: 4 });
      expect(result).toMatchObject({ changed: 2, sidecarsWritten: 2, sidecarFailures: [] });
      expect(sha256Of(original('one.jpg'))).toBe(before.bytes);
      expect(fs.statSync(original('one.jpg')).mtimeMs).toBe(before.mtime);
      expect((await exiftool.read(`${original('one.jpg')}.xmp`)).Rating).toBe(4);
      expect(await exiftool.read(`${original('two.jpg')}.xmp`)).toMatchObject({ Rating: 4, Title: 'Harbour' });
      expect((await exiftool.read(original('one.jpg'))).Rating).toBeUndefined();
    } finally {
      await exiftool.end();
    }
    expect(fs.readdirSync(root).sort()).toEqual(['linked.jpg', 'one.jpg', 'one.jpg.xmp', 'two.jpg', 'two.jpg.xmp']);
  });

  it('refuses a sidecar that is a link, naming it, and writes nothing through it', async () => {
    const elsewhere = path.join(temp.dir, 'elsewhere.xmp');
    fs.writeFileSync(elsewhere, 'not yours');
    fs.symlinkSync(elsewhere, `${original('linked.jpg')}.xmp`);
    const result = await engine.api.setRating({ photoIds: [idOf('linked.jpg')], rating: 3 });
    expect(result).toMatchObject({ changed: 1, sidecarsWritten: 0 });
    expect(result.sidecarFailures).toEqual([
      { photoId: idOf('linked.jpg'), fileName: 'linked.jpg', reason: `${original('linked.jpg')}.xmp is not a plain file` },
    ]);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('not yours');
    expect((await engine.api.getPhoto({ photoId: idOf('linked.jpg') })).rating).toBe(3);
  });
});
