import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSmallPhotos } from './helpers/small-photos';
import { runIndexChild } from './helpers/run-index-child';
import { makeTempDir } from './helpers/temp';

const photoCount = 300;

describe('kill -9 while indexing, then restart', () => {
  const temp = makeTempDir('resume');
  const libraryDir = path.join(temp.dir, 'library');
  const folder = path.join(temp.dir, 'photos');

  beforeAll(async () => {
    await writeSmallPhotos(folder, photoCount);
  });
  afterAll(() => temp.cleanup());

  it('indexes every photo exactly once, with complete derivatives only', async () => {
    const killed = await runIndexChild([libraryDir, 'folder', folder], { killAfterDone: 40 });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.finished).toBe(false);

    const catalogFile = path.join(libraryDir, 'catalog.sqlite');
    const indexedBeforeRestart = countIndexed(catalogFile);
    expect(indexedBeforeRestart).toBeGreaterThan(0);
    expect(indexedBeforeRestart).toBeLessThan(photoCount);

    const resumed = await runIndexChild([libraryDir, 'folder', folder]);
    expect(resumed.finished).toBe(true);
    const final = resumed.progress.at(-1)!;
    expect(final.phase).toBe('idle');
    // Photos committed before the kill are skipped, the rest done: none lost, none twice.
    expect(final.skipped).toBe(indexedBeforeRestart);
    expect(final.done + final.skipped).toBe(photoCount);
    expect(final.errors).toBe(0);

    const db = new Database(catalogFile, { readonly: true });
    try {
      const states = db.prepare('SELECT state, count(*) AS n FROM files GROUP BY state').all();
      expect(states).toEqual([{ state: 'indexed', n: photoCount }]);
      const distinct = db.prepare('SELECT count(DISTINCT rel_path) AS n, count(DISTINCT sha256) AS s FROM files').get();
      expect(distinct).toEqual({ n: photoCount, s: photoCount });
      const derivatives = db.prepare('SELECT sha256, kind, path, bytes, width, height FROM derivatives').all() as {
        sha256: string;
        kind: string;
        path: string;
        bytes: number;
        width: number;
        height: number;
      }[];
      expect(derivatives).toHaveLength(photoCount * 2);
      for (const row of derivatives) {
        const file = path.join(libraryDir, row.path);
        expect(fs.statSync(file).size).toBe(row.bytes);
        const { info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([row.width, row.height]);
      }
      expect(db.prepare(`SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'running')`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

function countIndexed(catalogFile: string): number {
  const db = new Database(catalogFile, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM files WHERE state = 'indexed'`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
