/**
 * kill -9 in the middle of indexing an S3 source, then a restart: every object ends up indexed
 * exactly once, with complete derivatives, and no staging file is left behind. The child reads
 * the keys from the environment (the secret store Node uses without FACET_SECRET_KEY).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIndexChild } from '../library/helpers/run-index-child';
import { sha256ByRelPath, type SeededBucket } from '../s3/helpers/seeded-bucket';
import { fileRows, filesContaining, startTestBucket, testKeys } from './helpers/engine';

const photoCount = 40;

let bucket: SeededBucket;

/** The indexing child with the keys in its environment only; killAfterDone as for runIndexChild. */
function runChild(libraryDir: string, killAfterDone?: number) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FACET_S3_ACCESS_KEY_ID: testKeys.accessKeyId,
    FACET_S3_SECRET_ACCESS_KEY: testKeys.secretAccessKey,
  };
  delete env.FACET_SECRET_KEY;
  return runIndexChild([libraryDir, 's3', bucket.server.endpoint], { env, killAfterDone });
}

beforeAll(async () => {
  bucket = await startTestBucket('facet-s3-library-resume-', photoCount);
});

afterAll(() => bucket?.close());

describe('kill -9 while indexing an S3 source, then restart', () => {
  it('indexes every object exactly once, with complete derivatives only', async () => {
    const libraryDir = path.join(bucket.work, 'library');
    const killed = await runChild(libraryDir, 10);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.finished).toBe(false);
    const indexedBeforeRestart = fileRows(libraryDir, 1).filter((row) => row.state === 'indexed').length;
    expect(indexedBeforeRestart).toBeGreaterThan(0);
    expect(indexedBeforeRestart).toBeLessThan(photoCount);

    const resumed = await runChild(libraryDir);
    expect(resumed.finished).toBe(true);
    const final = resumed.progress.at(-1)!;
    // Objects committed before the kill are skipped, the rest done: none lost, none twice.
    expect(final).toMatchObject({ phase: 'idle', skipped: indexedBeforeRestart, done: photoCount - indexedBeforeRestart, errors: 0 });

    const rows = fileRows(libraryDir, 1);
    expect(rows).toHaveLength(photoCount);
    expect(new Map(rows.map((row) => [row.relPath, row.state === 'indexed' ? row.sha256 : row.state]))).toEqual(sha256ByRelPath(bucket.photos));
    const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true });
    try {
      const derivatives = db.prepare('SELECT path, bytes FROM derivatives').all() as { path: string; bytes: number }[];
      expect(derivatives).toHaveLength(photoCount * 2);
      for (const row of derivatives) expect(fs.statSync(path.join(libraryDir, row.path)).size).toBe(row.bytes);
      expect(db.prepare(`SELECT count(*) AS n FROM errors`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    expect(fs.readdirSync(path.join(libraryDir, 'cache', 's3-staging'))).toEqual([]);
    // The keys lived in the environment only: nothing was written for them.
    expect(fs.existsSync(path.join(libraryDir, 'secrets.json'))).toBe(false);
    expect(filesContaining(libraryDir, testKeys.secretAccessKey)).toEqual([]);
    console.log(`s3 resume: killed after ${indexedBeforeRestart} of ${photoCount}; restart did ${final.done}, skipped ${final.skipped}`);
  });
});
