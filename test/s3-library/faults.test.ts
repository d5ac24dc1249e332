/**
 * The engine indexing an S3 source through a proxy that injects a seeded storm of faults (500s,
 * 503 SlowDown, 429s, stalls past the idle timeout, connections dropped before the response and
 * midway through bodies): the run still ends with every object indexed exactly once, no errors
 * left, and nothing but reads sent to the bucket.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetEvent, SourceState } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { faultKinds, startFaultProxy, type FaultProxy } from '../s3/helpers/fault-proxy';
import { sha256ByRelPath, type SeededBucket } from '../s3/helpers/seeded-bucket';
import { encryptedSecretStore, fileRows, s3SourceInput, sourceById, startTestBucket } from './helpers/engine';

const photoCount = 60;
const maxConcurrency = 3;

let bucket: SeededBucket;
let proxy: FaultProxy;
let engine: FacetEngine;

beforeAll(async () => {
  bucket = await startTestBucket('facet-s3-library-faults-', photoCount);
  proxy = await startFaultProxy({
    target: { host: '127.0.0.1', port: bucket.server.port },
    seed: 7,
    rates: { error500: 0.06, slowDown503: 0.06, throttle429: 0.04, delay: 0.04, dropBeforeResponse: 0.06, dropMidBody: 0.08 },
    delayMs: 1_200,
    maxFaultsPerUrl: 3,
  });
});

afterAll(async () => {
  await engine?.close();
  await proxy?.close();
  await bucket?.close();
});

describe('indexing an S3 source through injected faults', () => {
  it('indexes every object exactly once, with no errors left', async () => {
    const libraryDir = path.join(bucket.work, 'library');
    const states = new Set<SourceState>();
    engine = await openEngine({
      libraryDir,
      threads: 1,
      secretStore: encryptedSecretStore(libraryDir),
      s3Resilience: {
        listPageSize: 10,
        idleTimeoutMs: 500,
        retry: { maxAttempts: 8, maxElapsedMs: 60_000, baseDelayMs: 10, maxDelayMs: 200 },
      },
    });
    const events: FacetEvent[] = [];
    engine.subscribe((event) => events.push(event));
    const { id: sourceId } = await engine.api.addS3Source(s3SourceInput(proxy.endpoint, { maxConcurrency }));
    engine.subscribe((event) => {
      if (event.type === 'changed' && event.domains.includes('sources'))
        void sourceById(engine, sourceId).then(
          (s) => states.add(s.state),
          () => undefined,
        );
    });
    await engine.indexAll();

    const source = await sourceById(engine, sourceId);
    expect(source).toMatchObject({ state: 'idle', photoCount, errorCount: 0, missingCount: 0 });
    expect(await engine.api.listErrors({ limit: 100 })).toEqual([]);
    const rows = fileRows(libraryDir, sourceId);
    const perKey = new Map<string, number>();
    for (const row of rows) perKey.set(row.relPath, (perKey.get(row.relPath) ?? 0) + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    // Indexed once each, and from the right bytes despite bodies cut midway and resumed.
    expect(new Map(rows.map((row) => [row.relPath, row.state === 'indexed' ? row.sha256 : row.state]))).toEqual(sha256ByRelPath(bucket.photos));
    const progress = events.flatMap((e) => (e.type === 'index-progress' && e.progress.sourceId === sourceId ? [e.progress] : []));
    const doneTotal = progress.at(-1)!.done;
    expect(doneTotal).toBe(photoCount);

    const injected = faultKinds.map((kind) => `${kind}=${proxy.injected[kind]}`).join(' ');
    const total = Object.values(proxy.injected).reduce((a, b) => a + b, 0);
    const resumes = proxy.requests.filter((r) => r.range !== null).length;
    const pages = proxy.requests.filter((r) => r.url.includes('list-type=2') && r.fault === null).length;
    console.log(
      `engine fault run: ${photoCount} objects indexed once each (${rows.length} rows, ${doneTotal} done, 0 errors); ` +
        `${proxy.requests.length} requests, ${pages} listing pages, ${total} faults injected: ${injected}; ` +
        `${resumes} Range resumes; max ${proxy.maxInFlight} requests in flight (limit ${maxConcurrency}); ` +
        `states seen: ${[...states].join(', ')}`,
    );
    for (const kind of faultKinds) expect(proxy.injected[kind], kind).toBeGreaterThan(0);
    // Facet only reads: no PUT, POST or DELETE ever reached the bucket.
    expect(new Set(proxy.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(states.has('paused')).toBe(false); // every fault was absorbed by retries
  });
});
