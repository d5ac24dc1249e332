/**
 * A source whose server goes away is paused with a reason a user can read, refuses new work while
 * paused, and comes back by itself once the server listens again on the same port.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SourceClient, type S3SourceState } from '../../src/main/sources/s3';
import { sha256, sourceConfig } from './helpers/fixtures';
import { s3rverCredentials } from './helpers/s3rver-process';
import { startSeededBucket, type SeededBucket } from './helpers/seeded-bucket';

let bucket: SeededBucket;

beforeAll(async () => {
  bucket = await startSeededBucket('facet-s3-pause-', 6);
});

afterAll(() => bucket?.close());

async function keysOf(client: S3SourceClient): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of client.list()) keys.push(object.key);
  return keys.sort();
}

describe('S3 source availability', () => {
  it('pauses when the server goes away and resumes by itself when it is back', async () => {
    const states: [S3SourceState, string | null][] = [];
    const client = new S3SourceClient(sourceConfig(bucket.server.endpoint), s3rverCredentials, {
      resilience: {
        retry: { maxAttempts: 3, maxElapsedMs: 5_000, baseDelayMs: 10, maxDelayMs: 50 },
        probe: { baseDelayMs: 100, maxDelayMs: 400 },
        connectTimeoutMs: 1_000,
      },
      onStateChange: (state, reason) => states.push([state, reason]),
    });
    try {
      expect(await keysOf(client)).toEqual([...bucket.photos.keys()].sort());
      expect(client.state).toBe('online');

      await bucket.server.stop();
      await expect(keysOf(client)).rejects.toMatchObject({ name: 'S3SourceError', transient: true });
      expect(client.state).toBe('paused');
      expect(states).toHaveLength(1);
      const [state, reason] = states[0]!;
      expect(state).toBe('paused');
      expect(reason).toContain(bucket.server.endpoint);
      expect(reason).toContain('connection refused');

      // While paused, new work is refused at once with the same reason.
      const key = [...bucket.photos.keys()][0]!;
      await expect(client.openObject(key)).rejects.toMatchObject({ code: 'SourcePaused', message: reason });

      await sleep(600); // let a few probes fail against the closed port
      expect(client.state).toBe('paused');
      await bucket.restart();
      await client.waitUntilOnline();

      expect(states.at(-1)).toEqual(['online', null]);
      expect(client.stateReason).toBeNull();
      expect(await keysOf(client)).toEqual([...bucket.photos.keys()].sort());
      const chunks: Buffer[] = [];
      for await (const chunk of await client.openObject(key)) chunks.push(chunk as Buffer);
      expect(sha256(Buffer.concat(chunks))).toBe(sha256(bucket.photos.get(key)!));
    } finally {
      client.close();
    }
  });
});
