/**
 * `facet add-s3`: keys from the environment only, the source added and indexed, and a clear
 * error when the keys are not set.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededBucket } from '../s3/helpers/seeded-bucket';
import { filesContaining, startTestBucket, testKeys } from './helpers/engine';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const photoCount = 5;

let bucket: SeededBucket;

function facet(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/facet.js'), ...args], { cwd: repoRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  bucket = await startTestBucket('facet-s3-library-cli-', photoCount);
});

afterAll(() => bucket?.close());

describe('facet add-s3', () => {
  it('adds and indexes a bucket prefix with the keys from the environment', async () => {
    const library = path.join(bucket.work, 'library');
    const args = ['--library', library, 'add-s3', '--endpoint', bucket.server.endpoint, '--bucket', 'photos', '--prefix', 'library', '--path-style'];
    const base = { ...process.env };
    delete base.FACET_SECRET_KEY;
    delete base.FACET_S3_ACCESS_KEY_ID;
    delete base.FACET_S3_SECRET_ACCESS_KEY;

    const without = await facet(args, base);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('FACET_S3_SECRET_ACCESS_KEY');

    const run = await facet(args, {
      ...base,
      FACET_S3_ACCESS_KEY_ID: testKeys.accessKeyId,
      FACET_S3_SECRET_ACCESS_KEY: testKeys.secretAccessKey,
    });
    expect(run.stderr).not.toContain(testKeys.secretAccessKey);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Added s3://photos/library/');
    expect(run.stdout).toContain(`s3://photos/library/: ${photoCount} photos, 0 videos, 0 errors, state idle`);
    expect(filesContaining(library, testKeys.secretAccessKey)).toEqual([]);
  });
});
