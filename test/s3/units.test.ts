/** Pure parts of the S3 source: listing diff, backoff, failure classes, config, semaphore, secret stores. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3SourceConfigSchema, s3SourceRoot } from '../../src/main/sources/s3/config';
import { classifyFailure, redact } from '../../src/main/sources/s3/errors';
import { diffListing, normalizeEtag, type ObjectVersion, type S3ObjectInfo } from '../../src/main/sources/s3/listing';
import { fullJitterDelay, RetryBudget, retrying } from '../../src/main/sources/s3/retry';
import { loadS3Credentials, saveS3Credentials } from '../../src/main/sources/s3/s3-credentials';
import { aesGcmCipher, createNodeSecretStore, EncryptedFileSecretStore, EnvCredentialsSecretStore } from '../../src/main/sources/s3/secret-store';
import { Semaphore } from '../../src/main/concurrency/semaphore';

const t = (iso: string) => new Date(iso);
const object = (key: string, etag: string, size = 10, lastModified = t('2024-01-01T00:00:00Z')): S3ObjectInfo => ({ key, etag, size, lastModified });

describe('diffListing', () => {
  it('sorts every key into added, changed, removed or unchanged', () => {
    const previous = new Map<string, ObjectVersion>([
      ['same', { etag: 'a', size: 10, lastModified: t('2024-01-01T00:00:00Z') }],
      ['new-etag', { etag: 'b', size: 10, lastModified: t('2024-01-01T00:00:00Z') }],
      ['new-size', { etag: 'c', size: 10, lastModified: t('2024-01-01T00:00:00Z') }],
      ['touched', { etag: 'd', size: 10, lastModified: t('2024-01-01T00:00:00Z') }],
      ['gone', { etag: 'e', size: 10, lastModified: t('2024-01-01T00:00:00Z') }],
    ]);
    const current = [
      object('same', 'a'),
      object('new-etag', 'B'),
      object('new-size', 'c', 11),
      object('touched', 'd', 10, t('2024-02-01T00:00:00Z')),
      object('fresh', 'f'),
    ];
    const diff = diffListing(previous, current);
    expect(diff.added.map((o) => o.key)).toEqual(['fresh']);
    expect(diff.changed.map((o) => o.key)).toEqual(['new-etag', 'new-size', 'touched']);
    expect(diff.removed).toEqual(['gone']);
    expect(diff.unchanged).toEqual(['same']);
  });

  it('treats everything as added against an empty catalog and everything as removed for an empty bucket', () => {
    expect(diffListing(new Map(), [object('x', '1')]).added).toHaveLength(1);
    expect(diffListing(new Map([['x', object('x', '1')]]), []).removed).toEqual(['x']);
  });

  it('normalizes quoted and weak ETags', () => {
    expect(normalizeEtag('"abc"')).toBe('abc');
    expect(normalizeEtag('W/"abc"')).toBe('abc');
    expect(normalizeEtag(undefined)).toBe('');
  });
});

describe('backoff', () => {
  it('draws full-jitter delays below an exponentially growing, capped ceiling', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(fullJitterDelay(0, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(0, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, policy, () => 0.999)).toBe(799);
    expect(fullJitterDelay(10, policy, () => 0.999)).toBe(999);
  });

  it('stops after maxAttempts attempts in all', () => {
    const budget = new RetryBudget({ maxAttempts: 3, maxElapsedMs: 60_000, baseDelayMs: 1, maxDelayMs: 1 });
    expect(budget.nextDelay()).not.toBeNull();
    expect(budget.nextDelay()).not.toBeNull();
    expect(budget.nextDelay()).toBeNull();
    expect(budget.attempts).toBe(3);
  });

  it('stops when the next wait would pass the time budget', () => {
    const budget = new RetryBudget({ maxAttempts: 100, maxElapsedMs: 50, baseDelayMs: 1_000, maxDelayMs: 1_000 }, () => 0.5);
    expect(budget.nextDelay()).toBeNull();
  });

  it('retries transient failures and gives up at once on permanent ones', async () => {
    const policy = { maxAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 1, maxDelayMs: 2 };
    let calls = 0;
    const flaky = () => (++calls < 3 ? Promise.reject(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })) : Promise.resolve('ok'));
    expect(await retrying(new RetryBudget(policy), flaky, () => undefined)).toBe('ok');
    expect(calls).toBe(3);

    calls = 0;
    const denied = () => {
      calls += 1;
      return Promise.reject(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    };
    await expect(retrying(new RetryBudget(policy), denied, () => undefined)).rejects.toThrow('Access Denied');
    expect(calls).toBe(1);
  });
});

describe('classifyFailure', () => {
  const sdk = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  const node = (code: string, message = code) => Object.assign(new Error(message), { code });
  it.each([
    [sdk('SlowDown', 503), 'throttled'],
    [sdk('Unknown', 429), 'throttled'],
    [sdk('InternalError', 500), 'server'],
    [sdk('ServiceUnavailable', 503), 'server'],
    [Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 'timeout'],
    [node('ECONNRESET'), 'network'],
    [node('EPIPE'), 'network'],
    [node('ECONNREFUSED'), 'network'],
    [new Error('socket hang up'), 'network'],
    [sdk('NoSuchKey', 404), 'permanent'],
    [sdk('AccessDenied', 403), 'permanent'],
  ])('%s -> %s', (error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });

  it('redacts every secret occurrence', () => {
    expect(redact('key AKIA1 and AKIA1 with s3cr3t', ['AKIA1', 's3cr3t', ''])).toBe('key [redacted] and [redacted] with [redacted]');
  });
});

describe('s3SourceConfigSchema', () => {
  it('fills defaults and makes the prefix a folder', () => {
    const config = s3SourceConfigSchema.parse({ bucket: 'my-photos', prefix: '/2024/trips', credentialsRef: 's3:1' });
    expect(config).toEqual({
      region: 'us-east-1',
      bucket: 'my-photos',
      prefix: '2024/trips/',
      forcePathStyle: false,
      credentialsRef: 's3:1',
      maxConcurrency: 4,
    });
    expect(s3SourceRoot(config)).toBe('s3://my-photos/2024/trips/');
  });

  it('refuses credentials in the endpoint, non-http endpoints, bad bucket names and unknown fields', () => {
    const base = { bucket: 'my-photos', credentialsRef: 's3:1' };
    expect(s3SourceConfigSchema.safeParse({ ...base, endpoint: 'http://user:pw@minio.local:9000' }).success).toBe(false);
    expect(s3SourceConfigSchema.safeParse({ ...base, endpoint: 'ftp://minio.local' }).success).toBe(false);
    expect(s3SourceConfigSchema.safeParse({ ...base, bucket: 'No_Such' }).success).toBe(false);
    expect(s3SourceConfigSchema.safeParse({ ...base, secretAccessKey: 'x' }).success).toBe(false);
    expect(s3SourceConfigSchema.safeParse({ ...base, endpoint: 'https://acc.r2.cloudflarestorage.com', region: 'auto' }).success).toBe(true);
  });
});

describe('Semaphore', () => {
  it('never runs more tasks at once than it has permits', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      [...Array(10).keys()].map(() =>
        semaphore.use(async () => {
          peak = Math.max(peak, ++running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});

describe('secret stores', () => {
  let dir: string;
  const credentials = { accessKeyId: 'AKIAUNITTEST', secretAccessKey: 'unit-test-secret-value-42' };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'facet-secrets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps secrets encrypted on disk, readable by the owner only', async () => {
    const file = join(dir, 'secrets.json');
    const key = randomBytes(32);
    const store = new EncryptedFileSecretStore(file, aesGcmCipher(key));
    await Promise.all([saveS3Credentials(store, 's3:1', credentials), store.set('other', 'x')]);
    expect(await loadS3Credentials(store, 's3:1')).toEqual(credentials);
    expect(await store.get('other')).toBe('x');
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(credentials.secretAccessKey);
    expect(onDisk).not.toContain(credentials.accessKeyId);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    expect(await store.delete('s3:1')).toBe(true);
    expect(await store.delete('s3:1')).toBe(false);
    await expect(loadS3Credentials(store, 's3:1')).rejects.toThrow('No S3 credentials are stored under "s3:1"');
  });

  it('says which secret cannot be decrypted, without its content', async () => {
    const file = join(dir, 'wrong-key.json');
    await saveS3Credentials(new EncryptedFileSecretStore(file, aesGcmCipher(randomBytes(32))), 's3:2', credentials);
    const error = await new EncryptedFileSecretStore(file, aesGcmCipher(randomBytes(32))).get('s3:2').catch((e: Error) => e);
    expect(String(error)).toContain('Cannot decrypt secret "s3:2"');
    expect(String(error)).not.toContain(credentials.secretAccessKey);
  });

  it('without a key, refuses to store and reads the environment instead', async () => {
    const env = { FACET_S3_ACCESS_KEY_ID: credentials.accessKeyId, FACET_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey };
    const store = createNodeSecretStore({ filePath: join(dir, 'unused.json'), env });
    expect(store).toBeInstanceOf(EnvCredentialsSecretStore);
    await expect(store.set('s3:1', 'plain')).rejects.toThrow(/Refusing to store secret "s3:1" in plain text/);
    expect(await loadS3Credentials(store, 'any-ref')).toEqual(credentials);
    await expect(stat(join(dir, 'unused.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(loadS3Credentials(createNodeSecretStore({ filePath: 'x', env: {} }), 's3:1')).rejects.toThrow('No S3 credentials');
    expect(createNodeSecretStore({ filePath: join(dir, 'k.json'), key: randomBytes(32) })).toBeInstanceOf(EncryptedFileSecretStore);
  });
});
