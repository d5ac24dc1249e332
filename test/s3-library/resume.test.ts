/**
 * kill -9 in the middle of indexing an S3 source, then a restart: every object ends up indexed
 * exactly once, with complete derivatives, and no staging file is left behind. The child reads
 * the keys from the environment (the secret store Node uses without FACET_SECRET_KEY).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexProgress } from '../../src/shared/api';
import { adminClient, createBucket, seedPhotos, sha256 } from '../s3/helpers/fixtures';
import { fileRows, filesContaining } from './helpers/engine';
import { startS3rver, testKeys, type S3rverProcess } from './helpers/s3rver';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const childScript = path.join(repoRoot, 'test/s3-library/helpers/index-s3-child.ts');
const photoCount = 40;

let work: string;
let server: S3rverProcess;
let admin: S3Client;
const expected = new Map<string, string>(); // rel path -> sha256

interface ChildRun {
  progress: IndexProgress[];
  finished: boolean;
  signal: NodeJS.Signals | null;
}

/** Runs the indexing child; with killAfterDone it is SIGKILLed once that many objects are done. */
function runChild(libraryDir: string, killAfterDone?: number): Promise<ChildRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FACET_S3_ACCESS_KEY_ID: testKeys.accessKeyId,
    FACET_S3_SECRET_ACCESS_KEY: testKeys.secretAccessKey,
  };
  delete env.FACET_SECRET_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, libraryDir, server.endpoint], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const run: ChildRun = { progress: [], finished: false, signal: null };
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as IndexProgress | { finished: true };
    if ('finished' in message) run.finished = true;
    else run.progress.push(message);
    if (killAfterDone !== undefined && 'done' in message && message.done >= killAfterDone) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      run.signal = signal;
      if (killAfterDone === undefined && code !== 0) reject(new Error(`child exited with ${code ?? signal}`));
      else resolve(run);
    });
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'facet-s3-library-resume-'));
  server = await startS3rver(path.join(work, 's3rver'));
  admin = adminClient(server.endpoint);
  await createBucket(admin, 'photos');
  for (const [key, body] of await seedPhotos(admin, 'photos', photoCount)) expected.set(key.slice('library/'.length), sha256(body));
});

afterAll(async () => {
  admin?.destroy();
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('kill -9 while indexing an S3 source, then restart', () => {
  it('indexes every object exactly once, with complete derivatives only', async () => {
    const libraryDir = path.join(work, 'library');
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
    expect(new Map(rows.map((row) => [row.relPath, row.state === 'indexed' ? row.sha256 : row.state]))).toEqual(expected);
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
