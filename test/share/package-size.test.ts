/**
 * What an export reports and estimates is what it writes: the bytes on disk of the whole package
 * (viewer, manifest, search runtime and models included), measured from the files written, for
 * folders and zips; and a package holds no empty folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateSharePackages, estimateSampleSize } from '../../src/main/share/estimate';
import { exportSharePackage, type ExportPhoto } from '../../src/main/share/export';
import { searchFiles } from '../../src/main/share/viewer-search/contract';
import { openEventLibrary, type EventLibrary } from '../events/helpers/event-library';
import { bytesOnDisk, emptyFolders, filesUnder, makeShareEvent, zipEntryNames, type ShareEvent } from './helpers';

describe('share package sizes', () => {
  let lib: EventLibrary;
  let event: ShareEvent;
  const api = () => lib.engine.api;
  const out = (name: string) => path.join(lib.work, 'out', name);
  /** Relative change from `expected` to `actual`. */
  const off = (actual: number, expected: number) => Math.abs(actual - expected) / expected;

  beforeAll(async () => {
    lib = await openEventLibrary('share-size');
    event = await makeShareEvent(lib);
  });
  afterAll(async () => lib?.close());

  it('a folder with face search: the bytes of every file written, runtime and models included; no empty folder', async () => {
    const dir = out('with-search');
    const result = await api().exportEvent({ eventId: event.eventId, destination: dir, format: 'folder', includeOriginals: false, includeBiometrics: true });
    const files = filesUnder(dir);
    expect(files).toEqual(expect.arrayContaining(Object.values(searchFiles)));
    const search = Object.values(searchFiles).reduce((sum, rel) => sum + fs.statSync(path.join(dir, rel)).size, 0);
    // onnxruntime-web's wasm and the face models: megabytes the photos' report used to leave out.
    expect(search).toBeGreaterThan(5_000_000);
    expect(result.bytes).toBe(bytesOnDisk(dir));
    expect(result.bytes).toBeGreaterThan(search);
    expect(fs.existsSync(path.join(dir, 'originals'))).toBe(false);
    expect(emptyFolders(dir)).toEqual([]);
    console.log(`folder package with search: ${files.length} files, ${result.bytes} bytes (search runtime and models ${search})`);
  });

  it('a folder with originals: originals/ holds them and counts; exporting again over it reports the new package', async () => {
    const dir = out('plain');
    const withOriginals = await api().exportEvent({ eventId: event.eventId, destination: dir, format: 'folder', includeOriginals: true });
    expect(filesUnder(dir).filter((f) => f.startsWith('originals/'))).toHaveLength(event.shas.length);
    expect(withOriginals.bytes).toBe(bytesOnDisk(dir));
    expect(emptyFolders(dir)).toEqual([]);

    // Unchanged images are linked from the previous package, and count all the same; originals go.
    const again = await api().exportEvent({ eventId: event.eventId, destination: dir, format: 'folder', includeOriginals: false });
    expect(again.reused).toBe(2 * event.shas.length);
    expect(fs.existsSync(path.join(dir, 'originals'))).toBe(false);
    expect(again.bytes).toBe(bytesOnDisk(dir));
    expect(again.bytes).toBeLessThan(withOriginals.bytes);
    expect(emptyFolders(dir)).toEqual([]);
  });

  it('a zip: the size of the zip file', async () => {
    for (const includeBiometrics of [false, true]) {
      const file = out(`party-${includeBiometrics}.zip`);
      const result = await api().exportEvent({ eventId: event.eventId, destination: file, format: 'zip', includeOriginals: false, includeBiometrics });
      expect(result.bytes).toBe(fs.statSync(file).size);
      const names = await zipEntryNames(file);
      expect(names.some((n) => n.startsWith('originals/') || n.endsWith('/'))).toBe(false);
      expect(names.includes(searchFiles.runtime)).toBe(includeBiometrics);
    }
  });

  it('a package whose every photo was skipped holds no images/ or thumbs/ folder', async () => {
    const dir = out('nothing');
    const photo = event.photos[0]!;
    const result = await exportSharePackage({
      destination: dir,
      format: 'folder',
      event: { name: 'Nothing', startsAt: null, endsAt: null },
      photos: [{ ...photo, mediaType: 'image', preview: null, original: null }],
      includeOriginals: true,
      watermark: null,
    });
    expect(result.skipped).toHaveLength(1);
    expect(filesUnder(dir)).toEqual(['index.html', 'manifest.js', 'manifest.json', 'viewer.css', 'viewer.js']);
    expect(emptyFolders(dir)).toEqual([]);
    expect(result.bytes).toBe(bytesOnDisk(dir));
  });

  it('estimates, before writing, the bytes the export then writes', async () => {
    expect(event.shas.length).toBeGreaterThan(estimateSampleSize);
    for (const format of ['folder', 'zip'] as const) {
      for (const options of [
        { includeOriginals: false, includeBiometrics: true },
        { includeOriginals: true },
        { includeOriginals: false, watermark: '© Anna' },
      ]) {
        const estimate = await api().estimateEventExport({ eventId: event.eventId, format, forEveryone: false, ...options });
        const destination = out(`estimated-${format}-${Object.keys(options).length}-${options.includeOriginals}${format === 'zip' ? '.zip' : ''}`);
        const written = await api().exportEvent({ eventId: event.eventId, destination, format, ...options });
        console.log(
          `estimate ${format} ${JSON.stringify(options)}: ${estimate.bytes} bytes, written ${written.bytes} (${(100 * off(estimate.bytes, written.bytes)).toFixed(1)}% off)`,
        );
        expect(estimate.packages).toBe(1);
        // A sample of 8 of the 9 photos stands for all of them.
        expect(off(estimate.bytes, written.bytes)).toBeLessThan(0.1);
      }
    }
    await expect(api().estimateEventExport({ eventId: 999_999, format: 'folder', forEveryone: false, includeOriginals: false })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('estimates a package of no more photos than the sample at exactly its size', async () => {
    const photos = (await Promise.all(event.photos.slice(0, 3).map((p) => api().getPhoto({ photoId: p.id })))).map((d): ExportPhoto => ({
      ...d,
      preview: null,
      original: d.path,
    }));
    const contents = {
      event: { name: 'Three', startsAt: null, endsAt: null },
      photos,
      includeOriginals: true,
      watermark: null,
      people: [{ id: 'p1', name: 'Anna', photos: photos.slice(0, 2).map((p) => p.sha256) }],
    };
    for (const format of ['folder', 'zip'] as const) {
      const estimate = await estimateSharePackages(contents, format, [photos.length]);
      const written = await exportSharePackage({ ...contents, format, destination: out(`three-${format}${format === 'zip' ? '.zip' : ''}`) });
      expect(estimate).toEqual({ bytes: written.bytes, packages: 1 });
    }
  });
});
