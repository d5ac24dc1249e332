import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { runFacet } from '../catalog/helpers/facet-cli';
import { writeSmallPhotos } from './helpers/small-photos';
import { makeTempDir } from './helpers/temp';

const goodPhotos = 12;

const wholeSecond = 1_700_000_000;

/** Overwrites `file` with a valid JPEG of the same size and mtime: a scan sees it unchanged. */
async function mendInPlace(file: string): Promise<void> {
  const { size } = fs.statSync(file);
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3a6' } })
    .jpeg()
    .toBuffer();
  expect(jpeg.length).toBeLessThan(size);
  fs.writeFileSync(file, Buffer.concat([jpeg, Buffer.alloc(size - jpeg.length)]));
  fs.utimesSync(file, wholeSecond, wholeSecond);
}

describe('pause, resume and retry indexing', () => {
  const temp = makeTempDir('pause-retry');
  const libraryDir = path.join(temp.dir, 'library');
  const photos = path.join(temp.dir, 'photos');
  const broken = path.join(photos, 'broken.jpg');

  beforeAll(async () => {
    await writeSmallPhotos(photos, goodPhotos);
    // A JPEG header, then garbage: it cannot be decoded.
    fs.writeFileSync(broken, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 7)]));
    // A whole second, so mendInPlace can put back exactly the mtime a scan compares.
    fs.utimesSync(broken, wholeSecond, wholeSecond);
  });
  afterAll(() => temp.cleanup());

  it('a paused library records what it finds but indexes nothing, also after a restart, until resumed', async () => {
    let engine = await openEngine({ libraryDir, facePackDir: null, threads: 1 });
    await engine.api.pauseIndexing({});
    await engine.api.addFolderSource({ path: photos });
    await engine.indexAll();
    expect(await engine.api.getStatus({})).toMatchObject({ indexingPaused: true, photos: 0, pendingJobs: goodPhotos + 1 });
    await engine.close();

    engine = await openEngine({ libraryDir, facePackDir: null, threads: 1 });
    try {
      await engine.indexAll();
      expect(await engine.api.getStatus({})).toMatchObject({ indexingPaused: true, photos: 0 });
      await engine.api.resumeIndexing({});
      await engine.indexAll();
      expect(await engine.api.getStatus({})).toMatchObject({ indexingPaused: false, photos: goodPhotos, errors: 1, pendingJobs: 0 });
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('retry indexes a failed file again, which a scan alone would leave as it was', async () => {
    await mendInPlace(broken);
    const engine = await openEngine({ libraryDir, facePackDir: null, threads: 1 });
    try {
      await engine.indexAll();
      expect((await engine.api.getStatus({})).errors).toBe(1);
      expect(await engine.api.retryFailedFiles({})).toEqual({ files: 1, faces: 0 });
      await engine.indexAll();
      expect(await engine.api.getStatus({})).toMatchObject({ photos: goodPhotos + 1, errors: 0 });
      expect(await engine.api.listErrors({ limit: 10 })).toEqual([]);
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('facet pause / status / resume / retry from the command line', async () => {
    const paused = await runFacet(libraryDir, ['pause']);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toContain('Indexing paused');
    const status = await runFacet(libraryDir, ['status']);
    expect(status.stdout).toContain('Indexing is paused');

    fs.copyFileSync(path.join(photos, 'batch-0', 'photo-00000.jpg'), path.join(photos, 'copy.jpg'));
    const indexed = await runFacet(libraryDir, ['index', photos]);
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stdout).toContain('Indexing is paused');
    expect(indexed.stdout).toContain(`Indexed: ${goodPhotos + 1} photos`);

    const resumed = await runFacet(libraryDir, ['resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Indexing resumed: ${goodPhotos + 2} photos, 0 files with errors`);

    const retried = await runFacet(libraryDir, ['retry', '--source', '99']);
    expect(retried.code).not.toBe(0);
    expect(retried.stderr).toMatch(/not_found: no source with id 99/);
    const none = await runFacet(libraryDir, ['retry']);
    expect(none.stdout).toContain('Tried again: 0 files');
  }, 180_000);
});
