import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexProgress } from '../../src/shared/api';
import { writeSmallPhotos } from './helpers/small-photos';
import { makeTempDir } from './helpers/temp';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const childScript = path.join(repoRoot, 'test/library/helpers/index-child.ts');
const photoCount = 300;

interface ChildRun {
  progress: IndexProgress[];
  finished: boolean;
  signal: NodeJS.Signals | null;
}

/** Runs the indexing child; with killAfterDone it is SIGKILLed once that many files are done. */
function runChild(libraryDir: string, folder: string, killAfterDone?: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, libraryDir, folder], {
    cwd: repoRoot,
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

describe('kill -9 while indexing, then restart', () => {
  const temp = makeTempDir('resume');
  const libraryDir = path.join(temp.dir, 'library');
  const folder = path.join(temp.dir, 'photos');

  beforeAll(async () => {
    await writeSmallPhotos(folder, photoCount);
  });
  afterAll(() => temp.cleanup());

  it('indexes every photo exactly once, with complete derivatives only', async () => {
    const killed = await runChild(libraryDir, folder, 40);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.finished).toBe(false);

    const catalogFile = path.join(libraryDir, 'catalog.sqlite');
    const indexedBeforeRestart = countIndexed(catalogFile);
    expect(indexedBeforeRestart).toBeGreaterThan(0);
    expect(indexedBeforeRestart).toBeLessThan(photoCount);

    const resumed = await runChild(libraryDir, folder);
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
