/**
 * Byte ranges as both media routes answer them: the parser, and the Electron protocol's answer
 * (media-response.ts, run under plain Node on a real clip; the web mode's route is exercised
 * over real HTTP in video-library.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaResponse } from '../../src/main/electron/media-response';
import { fileBody, parseByteRange } from '../../src/main/server/byte-range';
import { makeTempDir } from '../library/helpers/temp';
import { patternClips, writeClip } from './clips';

describe('parseByteRange', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-10', { start: 990, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
    ['bytes=999-999', { start: 999, end: 999 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    // Not served in parts: the whole file, which RFC 9110 allows.
    ['bytes=0-1,5-9', null],
    ['bytes=50-10', null],
    ['items=0-9', null],
    ['bytes=-', null],
  ] as const)('%s of a 1000-byte file -> %j', (header, expected) => {
    expect(parseByteRange(header, 1000)).toEqual(expected);
  });

  it('finds nothing to serve in an empty file', () => {
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});

describe('the Electron media protocol answer', () => {
  const temp = makeTempDir('media-response');
  let clip: string;
  let bytes: Buffer;
  beforeAll(() => {
    clip = writeClip(temp.dir, 'pattern.webm', patternClips['pattern.webm']!);
    bytes = readFileSync(clip);
  });
  afterAll(() => temp.cleanup());
  const mediaFileResponse = async (file: string, contentType: string, range: string | null) => {
    const body = await fileBody(file);
    return body && mediaResponse(body, contentType, range);
  };

  it('answers without Range with the whole file and Accept-Ranges', async () => {
    const response = (await mediaFileResponse(clip, 'video/webm', null))!;
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'accept-ranges': 'bytes',
      'content-length': String(bytes.length),
      'content-type': 'video/webm',
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers the Range the request carries with 206 and exactly those bytes', async () => {
    const response = (await mediaFileResponse(clip, 'video/webm', 'bytes=4096-8191'))!;
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 4096-8191/${bytes.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(4096, 8192))).toBe(true);
  });

  it('answers a range past the end with 416, and a file gone with nothing', async () => {
    const past = (await mediaFileResponse(clip, 'video/webm', `bytes=${bytes.length}-`))!;
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect(await mediaFileResponse(join(temp.dir, 'gone.webm'), 'video/webm', null)).toBeNull();
  });
});
