/**
 * Playing a video from an S3 source: the original is not kept on this machine, so both media
 * routes read it from the bucket with GetObject Range requests. A real clip made with ffmpeg,
 * indexed from s3rver in a child process, then served by the web mode over real HTTP and by the
 * Electron protocol's answer (its chunked reads through the engine, under plain Node).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { mediaBody } from '../../src/main/api/media';
import { chunkedRead, engineChunkBytes, mediaResponse } from '../../src/main/electron/media-response';
import { startWebServer, type WebServer } from '../../src/main/server/web-server';
import { putObjects } from '../s3/helpers/fixtures';
import type { SeededBucket } from '../s3/helpers/seeded-bucket';
import { raw, signIn } from '../server/http';
import { patternClips } from '../video/clips';
import { testClip } from '../fixtures';
import { encryptedSecretStore, s3SourceInput, startTestBucket } from './helpers/engine';

let bucket: SeededBucket;
let engine: FacetEngine;
let server: WebServer;
let cookie: string;
let clip: Buffer;
let videoId: number;

beforeAll(async () => {
  bucket = await startTestBucket('facet-s3-video-', 0);
  clip = testClip(patternClips['pattern.mp4']!);
  await putObjects(bucket.admin, 'photos', new Map([['library/trip/pattern.mp4', clip]]));
  const libraryDir = path.join(bucket.work, 'library');
  engine = await openEngine({
    libraryDir,
    threads: 1,
    secretStore: encryptedSecretStore(libraryDir),
    facePackDir: null,
    // A bucket that went away is given up on quickly (the last test).
    s3Resilience: { retry: { maxAttempts: 2, maxElapsedMs: 2000, baseDelayMs: 50, maxDelayMs: 200 }, connectTimeoutMs: 1000 },
  });
  await engine.api.addS3Source(s3SourceInput(bucket.server.endpoint));
  await engine.indexAll();
  const [video] = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items;
  expect(video).toMatchObject({ mediaType: 'video', fileName: 'pattern.mp4' });
  videoId = video!.id;

  const staticDir = path.join(bucket.work, 'renderer');
  await mkdir(staticDir, { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Facet</title>');
  server = await startWebServer({ engine, staticDir });
  cookie = (await signIn(server.url)).cookie;
}, 300_000);

afterAll(async () => {
  await server?.close();
  await engine?.close();
  await bucket?.close();
});

const ranges = (size: number) =>
  [
    ['bytes=0-99', 0, 99],
    ['bytes=1000-', 1000, size - 1],
    ['bytes=-500', size - 500, size - 1],
    // Across the Electron route's chunk boundary.
    [`bytes=${engineChunkBytes - 10}-${engineChunkBytes + 10}`, engineChunkBytes - 10, engineChunkBytes + 10],
  ] as const;

describe('an S3 video in the web mode (real HTTP)', () => {
  const get = (range?: string) => raw(server.origin, `/media/original/${videoId}`, { headers: { cookie, ...(range && { range }) } });

  it('serves the original whole, saying it takes ranges', async () => {
    expect(clip.length).toBeGreaterThan(engineChunkBytes);
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({ 'accept-ranges': 'bytes', 'content-type': 'video/mp4', 'content-length': String(clip.length) });
    expect(whole.body.equals(clip)).toBe(true);
  });

  it('answers each Range with 206 and exactly those bytes from the bucket', async () => {
    for (const [range, start, end] of ranges(clip.length)) {
      const part = await get(range);
      expect(part.status, range).toBe(206);
      expect(part.headers).toMatchObject({ 'content-range': `bytes ${start}-${end}/${clip.length}`, 'content-length': String(end - start + 1) });
      expect(part.body.equals(clip.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers a range past the end with 416, without asking the bucket', async () => {
    const past = await get(`bytes=${clip.length}-`);
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${clip.length}`);
  });
});

describe('an S3 video through the Electron media protocol', () => {
  /** As media-protocol.ts answers: chunks asked of the engine's process, here the engine itself. */
  const answer = async (range: string | null) => {
    const media = engine.resolveMedia('original', videoId)!;
    expect(media).toEqual({ path: null, size: clip.length, contentType: 'video/mp4' });
    const readChunk = async (chunk: { start: number; end: number }) => new Uint8Array(await buffer(await engine.readMedia('original', videoId, chunk)));
    const body = (await mediaBody(media, async (r) => chunkedRead(r, readChunk)))!;
    return mediaResponse(body, media.contentType, range);
  };

  it('answers whole and in ranges with the bucket bytes', async () => {
    const whole = await answer(null);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(clip)).toBe(true);
    for (const [range, start, end] of ranges(clip.length)) {
      const part = await answer(range);
      expect(part.status, range).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes ${start}-${end}/${clip.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(clip.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('reads nothing for a photo that is not an S3 original', async () => {
    await expect(engine.readMedia('thumb', videoId, { start: 0, end: 9 })).rejects.toThrow(/no S3 original/);
  });
});

describe('an S3 video whose bucket cannot be reached', () => {
  it('answers 503 with the reason, and the Electron route fails before a 206', async () => {
    await bucket.server.stop();
    const answer = await raw(server.origin, `/media/original/${videoId}`, { headers: { cookie, range: 'bytes=0-99' } });
    expect(answer.status).toBe(503);
    expect(answer.body.toString()).toMatch(/^cannot read this original now: /);
    await expect(engine.readMedia('original', videoId, { start: 0, end: 99 })).rejects.toThrow();
    // The engine's process answers such a read with no bytes: the protocol fails before answering 206.
    const media = engine.resolveMedia('original', videoId)!;
    const body = (await mediaBody(media, (range) => chunkedRead(range, async () => null)))!;
    await expect(mediaResponse(body, media.contentType, 'bytes=0-99')).rejects.toThrow(/could not read bytes 0-99/);
  }, 60_000);
});
