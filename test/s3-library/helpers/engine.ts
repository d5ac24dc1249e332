/** Shared bits of the S3-through-the-engine tests: the bucket and its keys, a library with its own secret key, and polling. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { ApiParsedInput, SourceInfo } from '../../../src/shared/api';
import type { FacetEngine } from '../../../src/main/api/engine';
import { nodeSecretStore } from '../../../src/main/library/node-secrets';
import type { SecretStore } from '../../../src/main/sources/s3';
import { startSeededBucket, type SeededBucket } from '../../s3/helpers/seeded-bucket';

/** Distinctive values, so a test can look for them in every byte Facet wrote (s3rver accepts them). */
export const testKeys = {
  accessKeyId: 'AKIAFACETTESTKEY0001',
  secretAccessKey: 'facet-test-secret/3vQ9xR7LmP2sK8wZ',
};

/** s3rver with its seeded `photos` bucket, accepting testKeys. */
export const startTestBucket = (tempPrefix: string, photoCount: number): Promise<SeededBucket> => startSeededBucket(tempPrefix, photoCount, testKeys);

/** addS3Source's input for the seeded photos below `library/`, with testKeys. */
export function s3SourceInput(endpoint: string, overrides: Partial<ApiParsedInput<'addS3Source'>> = {}): ApiParsedInput<'addS3Source'> {
  return {
    endpoint,
    region: 'us-east-1',
    bucket: 'photos',
    prefix: 'library/',
    forcePathStyle: true,
    accessKeyId: testKeys.accessKeyId,
    secretAccessKey: testKeys.secretAccessKey,
    ...overrides,
  };
}

/** The store the CLI gets with FACET_SECRET_KEY set: AES-256-GCM in <library>/secrets.json. */
export function encryptedSecretStore(libraryDir: string): SecretStore {
  return nodeSecretStore(libraryDir, { FACET_SECRET_KEY: randomBytes(32).toString('hex') });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function sourceById(engine: FacetEngine, sourceId: number): Promise<SourceInfo> {
  const source = (await engine.api.listSources({})).find((s) => s.id === sourceId);
  if (!source) throw new Error(`source ${sourceId} not listed`);
  return source;
}

export interface FileRow {
  relPath: string;
  state: string;
  sha256: string | null;
  etag: string | null;
}

/** The catalog's rows of a source, read with a separate read-only connection. */
export function fileRows(libraryDir: string, sourceId: number): FileRow[] {
  const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT rel_path AS relPath, state, sha256, etag FROM files WHERE source_id = ? ORDER BY rel_path').all(sourceId) as FileRow[];
  } finally {
    db.close();
  }
}

export function sourceConfigJson(libraryDir: string, sourceId: number): { credentialsRef: string } & Record<string, unknown> {
  const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT config FROM sources WHERE id = ?').get(sourceId) as { config: string };
    return JSON.parse(row.config) as { credentialsRef: string };
  } finally {
    db.close();
  }
}

/** Every file under dir whose bytes contain needle (as UTF-8), as paths relative to dir. */
export function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(bytes)) hits.push(path.relative(dir, file));
  }
  return hits;
}
