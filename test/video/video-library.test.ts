/**
 * Videos in a library, end to end below the UI: real clips indexed into a real SQLite catalog
 * with the bundled face models, then served by the web mode over real HTTP with byte ranges.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { startWebServer, type WebServer } from '../../src/main/server/web-server';
import { faceSampleTimes } from '../../src/main/video/frames';
import { writeGroupPhoto } from '../faces/helpers';
import { makeTempDir } from '../library/helpers/temp';
import { faceClip, patternClips, writeClip, writeNoiseMp4 } from './clips';

const temp = makeTempDir('video-library');
const folder = path.join(temp.dir, 'videos');
let engine: FacetEngine;
let videos: Map<string, PhotoSummary>;

beforeAll(async () => {
  writeClip(folder, 'group.mp4', faceClip);
  writeClip(folder, 'pattern.webm', patternClips['pattern.webm']!);
  writeNoiseMp4(folder, 'noise.mp4');
  await writeGroupPhoto(path.join(folder, 'group.jpg'));
  engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), watch: false, threads: 1 });
  await engine.api.addFolderSource({ path: folder });
  await engine.indexAll();
  const listed = (await engine.api.listPhotos({ offset: 0, limit: 100 })).items;
  videos = new Map(listed.map((photo) => [photo.fileName, photo]));
}, 300_000);

afterAll(async () => {
  await engine?.close();
  temp.cleanup();
});

describe('indexing videos', () => {
  it('lists each video with its poster thumbnail and its duration; photos have none', () => {
    expect(videos.get('group.mp4')).toMatchObject({ mediaType: 'video', hasThumb: true, width: 960, height: 640 });
    expect(videos.get('group.mp4')!.durationSeconds).toBeCloseTo(faceClip.durationSeconds, 1);
    expect(videos.get('pattern.webm')).toMatchObject({ mediaType: 'video', hasThumb: true, width: 640, height: 360 });
    expect(videos.get('pattern.webm')!.durationSeconds).toBeCloseTo(2, 1);
    expect(videos.get('group.jpg')).toMatchObject({ mediaType: 'image', durationSeconds: null });
  });

  it('reports a broken video like a bad photo: in the errors list with the file and the reason', async () => {
    expect(videos.has('noise.mp4')).toBe(false);
    const errors = await engine.api.listErrors({ limit: 100 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: path.join(folder, 'noise.mp4'), stage: 'decode' });
    expect(errors[0]!.reason).toMatch(/^unreadable video \(video\/mp4\): /);
  });

  it('stores the faces of a video with the time of their frame', async () => {
    const faces = await engine.api.listPhotoFaces({ photoId: videos.get('group.mp4')!.id });
    expect(faces.length).toBeGreaterThan(1);
    for (const face of faces) expect(faceSampleTimes(faceClip.durationSeconds)).toContain(face.frameSeconds);
    const photoFaces = await engine.api.listPhotoFaces({ photoId: videos.get('group.jpg')!.id });
    expect(photoFaces.every((face) => face.frameSeconds === null)).toBe(true);
  });

  it('finds people in videos: the people of the group photo are in the video too', async () => {
    const people = await engine.api.listPeople({ includeHidden: false });
    const inVideo = [];
    for (const person of people) {
      const page = await engine.api.listPersonPhotos({ personId: person.id, offset: 0, limit: 10 });
      const names = page.items.map((photo) => photo.fileName);
      if (names.includes('group.mp4') && names.includes('group.jpg')) inVideo.push(person.id);
    }
    expect(inVideo.length).toBeGreaterThan(1);
  });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('web mode media with byte ranges (real HTTP)', () => {
  let server: WebServer;
  let cookie = '';
  let clipBytes: Buffer;
  let clipUrl = '';

  const get = (urlPath: string, headers: Record<string, string> = {}): Promise<RawResponse> => {
    const { hostname, port } = new URL(server.origin);
    return new Promise((resolve, reject) => {
      const req = request({ hostname, port, path: urlPath, headers: { ...(cookie && { cookie }), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  };

  beforeAll(async () => {
    const staticDir = path.join(temp.dir, 'renderer');
    await mkdir(staticDir, { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Facet</title>');
    server = await startWebServer({ engine, staticDir });
    const launch = new URL(server.url);
    cookie = String((await get(launch.pathname + launch.search)).headers['set-cookie']).split(';')[0]!;
    clipBytes = readFileSync(path.join(folder, 'group.mp4'));
    clipUrl = `/media/original/${videos.get('group.mp4')!.id}`;
  });

  afterAll(() => server?.close());

  it('answers a plain request whole, saying it takes ranges', async () => {
    const whole = await get(clipUrl);
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({ 'accept-ranges': 'bytes', 'content-type': 'video/mp4', 'content-length': String(clipBytes.length) });
    expect(whole.body.equals(clipBytes)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=1000-', 1000, -1],
    ['bytes=-500', -500, -1],
    ['bytes=100-999999999', 100, -1],
  ])('answers Range %s with 206 and exactly those bytes', async (range, from, to) => {
    const size = clipBytes.length;
    const start = from < 0 ? size + from : from;
    const end = to < 0 ? size - 1 : to;
    const part = await get(clipUrl, { range });
    expect(part.status).toBe(206);
    expect(part.headers).toMatchObject({
      'accept-ranges': 'bytes',
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': String(end - start + 1),
      'content-type': 'video/mp4',
    });
    expect(part.body.equals(clipBytes.subarray(start, end + 1))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const past = await get(clipUrl, { range: `bytes=${clipBytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${clipBytes.length}`);
    expect(past.body.length).toBe(0);
  });

  it('serves the poster derivatives in ranges too', async () => {
    const id = videos.get('group.mp4')!.id;
    for (const [kind, contentType] of [
      ['thumb', 'image/webp'],
      ['preview', 'image/jpeg'],
    ]) {
      const whole = await get(`/media/${kind}/${id}`);
      const part = await get(`/media/${kind}/${id}`, { range: 'bytes=0-11' });
      expect(whole.headers['content-type']).toBe(contentType);
      expect(part.status).toBe(206);
      expect(part.body.equals(whole.body.subarray(0, 12))).toBe(true);
    }
  });

  it('still refuses media without the session cookie', async () => {
    const saved = cookie;
    cookie = '';
    try {
      expect((await get(clipUrl, { range: 'bytes=0-9' })).status).toBe(401);
    } finally {
      cookie = saved;
    }
  });
});
