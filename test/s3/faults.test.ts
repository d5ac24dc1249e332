/**
 * Resilience under a seeded storm of faults: 500s, 503 SlowDown, 429s, stalls past the idle timeout,
 * connections dropped before the response and midway through bodies. Every object must still arrive
 * exactly once with the right bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SourceClient, type S3ObjectInfo, type S3SourceState } from '../../src/main/sources/s3';
import { faultKinds, startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import { putObjects, sha256, sourceConfig } from './helpers/fixtures';
import { s3rverCredentials } from './helpers/s3rver-process';
import { startSeededBucket, type SeededBucket } from './helpers/seeded-bucket';

const photoCount = 240;
const largeCount = 4;
const largeSize = 3 * 1024 * 1024;

let bucket: SeededBucket;
let proxy: FaultProxy;
const expected = new Map<string, string>(); // key -> sha256

beforeAll(async () => {
  bucket = await startSeededBucket('facet-s3-faults-', photoCount);
  const large = new Map([...Array(largeCount).keys()].map((i) => [`library/raw/large-${i}.bin`, randomBytes(largeSize)]));
  await putObjects(bucket.admin, 'photos', large);
  for (const [key, body] of [...bucket.photos, ...large]) expected.set(key, sha256(body));
  proxy = await startFaultProxy({
    target: { host: '127.0.0.1', port: bucket.server.port },
    seed: 20240601,
    rates: { error500: 0.05, slowDown503: 0.06, throttle429: 0.03, delay: 0.02, dropBeforeResponse: 0.05, dropMidBody: 0.06 },
    delayMs: 1_500,
    maxFaultsPerUrl: 3,
  });
});

afterAll(async () => {
  await proxy?.close();
  await bucket?.close();
});

describe('S3SourceClient through the fault-injection proxy', () => {
  it('lists and downloads every object exactly once with the right bytes', async () => {
    const states: [S3SourceState, string | null][] = [];
    const retries: string[] = [];
    const client = new S3SourceClient(sourceConfig(proxy.endpoint, { maxConcurrency: 4 }), s3rverCredentials, {
      resilience: {
        listPageSize: 20,
        idleTimeoutMs: 500,
        retry: { maxAttempts: 8, maxElapsedMs: 60_000, baseDelayMs: 10, maxDelayMs: 200 },
      },
      onStateChange: (state, reason) => states.push([state, reason]),
      log: (line) => retries.push(line),
    });
    try {
      const listed: S3ObjectInfo[] = [];
      for await (const object of client.list()) listed.push(object);
      expect(listed.map((o) => o.key).sort()).toEqual([...expected.keys()].sort());

      const dir = join(bucket.work, 'cache');
      await mkdir(dir);
      const downloaded = await Promise.all(listed.map((object, i) => client.downloadToFile(object.key, join(dir, `${String(i).padStart(4, '0')}.bin`))));

      const results = new Map<string, string>();
      for (const file of downloaded) {
        expect(results.has(file.key)).toBe(false);
        results.set(file.key, sha256(await readFile(file.path)));
      }
      expect(results).toEqual(expected);
      expect(await readdir(dir)).toHaveLength(expected.size); // no temp files left behind

      const injected = Object.entries(proxy.injected)
        .map(([kind, n]) => `${kind}=${n}`)
        .join(' ');
      const total = Object.values(proxy.injected).reduce((a, b) => a + b, 0);
      const pages = proxy.requests.filter((r) => r.url.includes('list-type=2') && r.fault === null).length;
      const ranged = retries.filter((line) => line.startsWith('GetObject')).length;
      console.log(
        `fault run: ${expected.size} objects (${largeCount} x ${largeSize / 1048576} MiB), ${pages} listing pages, ` +
          `${proxy.requests.length} requests, ${total} faults injected: ${injected}; ${retries.length} retries logged ` +
          `(${ranged} on GetObject); max ${proxy.maxInFlight} requests in flight`,
      );
      for (const kind of faultKinds) expect(proxy.injected[kind], kind).toBeGreaterThan(0);
      // A body dropped midway is resumed from where it broke off, not fetched again from byte 0.
      const objectDrops = proxy.requests.filter((r) => r.fault === 'dropMidBody' && !r.url.includes('list-type=2')).length;
      const resumes = proxy.requests.filter((r) => r.range !== null).length;
      console.log(`fault run: ${objectDrops} bodies dropped midway, ${resumes} Range requests to resume them`);
      expect(objectDrops).toBeGreaterThan(0);
      expect(resumes).toBeGreaterThanOrEqual(objectDrops);
      expect(states).toEqual([]); // every fault was absorbed by retries: the source never paused
      expect(new Set(proxy.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    } finally {
      client.close();
    }
  });
});
