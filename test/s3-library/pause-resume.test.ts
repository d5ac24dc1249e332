/**
 * The server of an S3 source dies in the middle of indexing: the source is paused with a reason a
 * user can read, files that were in flight wait (no errors recorded), and once the server listens
 * again the engine notices by itself, lists again and finishes: every object indexed once.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { sha256ByRelPath, type SeededBucket } from '../s3/helpers/seeded-bucket';
import { encryptedSecretStore, fileRows, s3SourceInput, sourceById, startTestBucket, waitFor } from './helpers/engine';

const photoCount = 24;

let bucket: SeededBucket;
let engine: FacetEngine;

beforeAll(async () => {
  bucket = await startTestBucket('facet-s3-library-pause-', photoCount);
});

afterAll(async () => {
  await engine?.close();
  await bucket?.close();
});

describe('an S3 source whose server goes away', () => {
  it('pauses with a reason and resumes by itself when the server is back', async () => {
    const libraryDir = path.join(bucket.work, 'library');
    engine = await openEngine({
      libraryDir,
      threads: 1,
      secretStore: encryptedSecretStore(libraryDir),
      s3Resilience: {
        retry: { maxAttempts: 3, maxElapsedMs: 3_000, baseDelayMs: 10, maxDelayMs: 50 },
        probe: { baseDelayMs: 200, maxDelayMs: 800 },
        connectTimeoutMs: 1_000,
      },
    });
    let stopping = null as Promise<void> | null;
    let doneBeforeStop = 0;
    engine.subscribe((event) => {
      if (event.type !== 'index-progress' || stopping || event.progress.done < 4) return;
      doneBeforeStop = event.progress.done;
      stopping = bucket.server.stop();
    });
    const { id: sourceId } = await engine.api.addS3Source(s3SourceInput(bucket.server.endpoint));
    await waitFor('the server to be stopped mid-run', async () => stopping !== null);
    await stopping;
    // Whether or not downloads were in flight when it died, the next listing finds it gone.
    await engine.api.rescanSource({ sourceId });

    const paused = await waitFor('the source to pause', async () => {
      const source = await sourceById(engine, sourceId);
      return source.state === 'paused' ? source : null;
    });
    expect(paused.stateReason).toContain(bucket.server.endpoint);
    expect(paused.stateReason).toContain('connection refused');
    expect(paused.errorCount).toBe(0);
    const waiting = fileRows(libraryDir, sourceId).filter((row) => row.state === 'pending').length;
    expect(waiting).toBeGreaterThan(0);

    const restartedAt = new Date().toISOString();
    await bucket.restart();
    // No call from here on: the engine's probe finds the server and the source resumes.
    const resumed = await waitFor('the source to resume and finish', async () => {
      const source = await sourceById(engine, sourceId);
      return source.state === 'idle' && source.photoCount === photoCount ? source : null;
    });
    expect(resumed).toMatchObject({ stateReason: null, errorCount: 0, missingCount: 0 });
    expect(resumed.lastScanAt! >= restartedAt).toBe(true); // it listed the bucket again
    const rows = fileRows(libraryDir, sourceId);
    expect(rows).toHaveLength(photoCount);
    expect(new Map(rows.map((row) => [row.relPath, row.state === 'indexed' ? row.sha256 : row.state]))).toEqual(sha256ByRelPath(bucket.photos));
    console.log(
      `pause/resume: ${doneBeforeStop} of ${photoCount} indexed when the server died, ${waiting} waiting while paused ` +
        `(reason: ${paused.stateReason}); all ${photoCount} indexed once after it came back`,
    );
  });
});
