import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSharePackage, type ExportPhoto } from '../../src/main/share/export';
import { manifestSchema, type ShareManifest } from '../../src/main/share/manifest';
import { openEventLibrary, type EventLibrary } from '../events/helpers/event-library';
import { filesUnder, makeShareEvent, zipEntryNames, type ShareEvent } from './helpers';

const readManifest = (dir: string): ShareManifest => manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));

describe('share package export', () => {
  let lib: EventLibrary;
  let event: ShareEvent;
  const api = () => lib.engine.api;
  const out = (name: string) => path.join(lib.work, 'out', name);
  const siblings = () => fs.readdirSync(path.join(lib.work, 'out')).sort();

  beforeAll(async () => {
    lib = await openEventLibrary('share-export');
    event = await makeShareEvent(lib);
  });
  afterAll(async () => lib?.close());

  it('writes a folder package: web images, thumbnails, manifest, manifest.js and the viewer', async () => {
    const result = await api().exportEvent({ eventId: event.eventId, destination: out('party'), format: 'folder', includeOriginals: false });
    expect(result).toMatchObject({ format: 'folder', photos: 9, written: 18, reused: 0, skipped: [] });
    const manifest = readManifest(out('party'));
    expect(manifest).toMatchObject({ format: 'facet-share', formatVersion: 1, people: [], guests: [] });
    expect(manifest.event).toEqual({ name: 'Anna & Ben <3', startsAt: expect.any(String), endsAt: expect.any(String) });
    expect(manifest.photos.map((p) => p.sha256).sort()).toEqual(event.shas);
    expect(manifest.photos.every((p) => p.original === undefined)).toBe(true);
    // Biometrics are opt-in: without it the package holds no face data at all.
    expect('biometrics' in manifest).toBe(false);
    const files = filesUnder(out('party'));
    expect(files.filter((f) => !/^(images|thumbs)\//.test(f))).toEqual(['index.html', 'manifest.js', 'manifest.json', 'viewer.css', 'viewer.js']);
    for (const file of files) expect(fs.readFileSync(path.join(out('party'), file), 'utf8')).not.toMatch(/embedding|landmark|"faces"/);

    const party1 = manifest.photos.find((p) => p.fileName === 'P1.jpg')!;
    expect(party1).toMatchObject({ width: 320, height: 240 });
    expect(party1.takenAt).toMatch(/^2024-03-09T19:00:00/);
    for (const photo of manifest.photos) {
      for (const file of [photo.image, photo.thumb]) {
        const meta = await sharp(path.join(out('party'), file.path)).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['webp', file.width, file.height]);
        expect(fs.statSync(path.join(out('party'), file.path)).size).toBe(file.bytes);
      }
      expect(Math.max(photo.image.width, photo.image.height)).toBeLessThanOrEqual(2048);
      expect(photo.image.path).toMatch(new RegExp(`^images/${photo.sha256}-[0-9a-f]{8}\\.webp$`));
    }
    // The portrait stored sideways with orientation 6 is upright in the package.
    const portrait = manifest.photos.find((p) => p.fileName === 'IMG_0002.jpg')!;
    expect([portrait.image.width, portrait.image.height]).toEqual([480, 640]);

    const script = fs.readFileSync(path.join(out('party'), 'manifest.js'), 'utf8');
    expect(script).not.toContain('<');
    const global: { FACET_MANIFEST?: unknown } = {};
    new Function('window', script)(global);
    expect(global.FACET_MANIFEST).toEqual(manifest);
    const html = fs.readFileSync(path.join(out('party'), 'index.html'), 'utf8');
    expect(html).toContain(`content="default-src 'none'; img-src 'self'; media-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"`);
    expect(siblings()).toEqual(['party']);
  });

  it('exporting again rewrites only what changed (same inodes and mtimes for unchanged images)', async () => {
    const dir = out('party');
    const manifest = readManifest(dir);
    const stamp = (rel: string) => {
      const stat = fs.statSync(path.join(dir, rel));
      return [stat.ino, stat.mtimeMs];
    };
    const plainImage = fs.readFileSync(path.join(dir, manifest.photos.find((p) => p.fileName === 'P2.jpg')!.image.path));
    const before = new Map(manifest.photos.flatMap((p) => [p.image.path, p.thumb.path]).map((rel) => [rel, stamp(rel)]));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const again = await api().exportEvent({ eventId: event.eventId, destination: dir, format: 'folder', includeOriginals: false });
    expect(again).toMatchObject({ photos: 9, written: 0, reused: 18 });
    for (const [rel, previous] of before) expect(stamp(rel)).toEqual(previous);

    // A watermark changes the web images (new names) but not the thumbnails.
    const marked = await api().exportEvent({ eventId: event.eventId, destination: dir, format: 'folder', includeOriginals: false, watermark: '© Anna' });
    expect(marked).toMatchObject({ photos: 9, written: 9, reused: 9 });
    const markedManifest = readManifest(dir);
    for (const photo of markedManifest.photos) {
      expect(before.has(photo.image.path)).toBe(false);
      expect(stamp(photo.thumb.path)).toEqual(before.get(photo.thumb.path));
    }
    const plain = manifest.photos.find((p) => p.fileName === 'P2.jpg')!;
    const withMark = markedManifest.photos.find((p) => p.fileName === 'P2.jpg')!;
    expect(fs.existsSync(path.join(dir, plain.image.path))).toBe(false);
    // The text lands in the bottom-right corner and nowhere else.
    const [a, b] = await Promise.all(
      [plainImage, fs.readFileSync(path.join(dir, withMark.image.path))].map((data) => sharp(data).raw().toBuffer({ resolveWithObject: true })),
    );
    const { width, height, channels } = a!.info;
    let inCorner = 0;
    let elsewhere = 0;
    for (let i = 0; i < a!.data.length; i++) {
      if (Math.abs(a!.data[i]! - b!.data[i]!) < 60) continue;
      const pixel = Math.floor(i / channels);
      const [x, y] = [pixel % width, Math.floor(pixel / width)];
      if (x > width * 0.7 && y > height * 0.8) inCorner++;
      else elsewhere++;
    }
    expect(inCorner).toBeGreaterThan(20);
    expect(elsewhere).toBe(0);
    expect(siblings()).toEqual(['party']);
  });

  it('exports a subset as a zip, with originals when chosen, verified by their hashes', async () => {
    const chosen = [event.photos[0]!, event.photos[6]!];
    const result = await api().exportEvent({
      eventId: event.eventId,
      destination: out('subset.zip'),
      format: 'zip',
      photoIds: chosen.map((p) => p.id),
      includeOriginals: true,
    });
    expect(result).toMatchObject({ format: 'zip', photos: 2, written: 6, skipped: [] });
    const names = await zipEntryNames(out('subset.zip'));
    expect(names.filter((n) => n.startsWith('originals/'))).toEqual(chosen.map((p) => `originals/${p.sha256}.jpg`).sort());
    expect(names.filter((n) => n.startsWith('images/')).length).toBe(2);
    expect(names).toContain('index.html');
    expect(siblings()).toEqual(['party', 'subset.zip']);

    await expect(
      api().exportEvent({ eventId: event.eventId, destination: out('x.zip'), format: 'zip', photoIds: [999_999], includeOriginals: false }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(api().exportEvent({ eventId: event.eventId, destination: out('x'), format: 'zip', includeOriginals: false })).rejects.toThrow(/\*\.zip/);
  });

  it('refuses to overwrite a folder that is not a package', async () => {
    fs.mkdirSync(out('documents'));
    fs.writeFileSync(path.join(out('documents'), 'thesis.txt'), 'precious');
    await expect(api().exportEvent({ eventId: event.eventId, destination: out('documents'), format: 'folder', includeOriginals: false })).rejects.toMatchObject(
      {
        code: 'conflict',
      },
    );
    expect(filesUnder(out('documents'))).toEqual(['thesis.txt']);
    fs.rmSync(out('documents'), { recursive: true });
  });

  describe('an interrupted export leaves no half package behind', () => {
    const exportPhotos = async (): Promise<ExportPhoto[]> =>
      Promise.all(
        event.photos.map(async (photo) => {
          const detail = await api().getPhoto({ photoId: photo.id });
          return { ...photo, mediaType: detail.mediaType, preview: null, original: detail.path };
        }),
      );
    const abortedExport = async (destination: string, format: 'folder' | 'zip') => {
      const controller = new AbortController();
      const photos = await exportPhotos();
      const run = exportSharePackage({
        destination,
        format,
        event: { name: 'Aborted', startsAt: null, endsAt: null },
        photos,
        includeOriginals: true,
        watermark: null,
        signal: controller.signal,
        onPhoto: (done) => done === 3 && controller.abort(),
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    };

    it('for a new folder and a new zip: nothing at the destination, no temp left', async () => {
      await abortedExport(out('aborted'), 'folder');
      await abortedExport(out('aborted.zip'), 'zip');
      expect(siblings()).toEqual(['party', 'subset.zip']);
    });

    it('for an update: the previous package stays whole', async () => {
      const before = fs.readFileSync(path.join(out('party'), 'manifest.json'), 'utf8');
      const files = filesUnder(out('party'));
      await abortedExport(out('party'), 'folder');
      expect(fs.readFileSync(path.join(out('party'), 'manifest.json'), 'utf8')).toBe(before);
      expect(filesUnder(out('party'))).toEqual(files);
      expect(siblings()).toEqual(['party', 'subset.zip']);
    });

    it('temp folders a killed export left are removed by the next export', async () => {
      fs.mkdirSync(out('.party.facet-tmp-deadbeef0000/images'), { recursive: true });
      await api().exportEvent({ eventId: event.eventId, destination: out('party'), format: 'folder', includeOriginals: false });
      expect(siblings()).toEqual(['party', 'subset.zip']);
    });
  });

  it('writes biometrics only when the host opted in, in the declared schema', async () => {
    const photos = (await Promise.all(event.photos.slice(0, 2).map((p) => api().getPhoto({ photoId: p.id })))).map((d): ExportPhoto => ({
      ...d,
      preview: null,
      original: d.path,
    }));
    const embedding = Buffer.from(new Float32Array(4).fill(0.5).buffer).toString('base64');
    const biometrics = {
      model: 'test-model',
      dim: 4,
      faces: [{ photo: photos[0]!.sha256, box: [0.1, 0.1, 0.2, 0.3] as [number, number, number, number], embedding }],
    };
    await exportSharePackage({
      destination: out('with-faces'),
      format: 'folder',
      event: { name: 'x', startsAt: null, endsAt: null },
      photos,
      includeOriginals: false,
      watermark: null,
      biometrics,
    });
    expect(readManifest(out('with-faces')).biometrics).toEqual(biometrics);
    await expect(
      exportSharePackage({
        destination: out('bad-faces'),
        format: 'folder',
        event: { name: 'x', startsAt: null, endsAt: null },
        photos,
        includeOriginals: false,
        watermark: null,
        biometrics: { ...biometrics, faces: [{ ...biometrics.faces[0]!, photo: 'f'.repeat(64) }] },
      }),
    ).rejects.toThrow(/does not hold/);
    expect(fs.existsSync(out('bad-faces'))).toBe(false);
    fs.rmSync(out('with-faces'), { recursive: true });
  });
});
