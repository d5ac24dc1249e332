import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, hammingDistance, PipelineError, type Pipeline, type ProcessedFile } from '../../src/main/pipeline';
import { makePhotoLibrary, renderScene, type FixtureFile, type PhotoLibrary } from '../fixtures';
import { differenceHash } from '../../src/main/pipeline/dhash';
import { indexingStageTimes } from '../../src/main/pipeline/stage-times';
import { scanned, sha256Of, tempDir } from './helpers';
import { tempFileTarget } from '../../src/main/fs/atomic-file';

let root: string;
let library: PhotoLibrary;
let pipeline: Pipeline;
let derivativesDir: string;
const results = new Map<string, ProcessedFile>();
const originalHashes = new Map<string, string>();

function fixture(relPath: string): FixtureFile {
  const file = library.files.find((f) => f.relPath === relPath);
  if (!file) throw new Error(`no fixture ${relPath}`);
  return file;
}

function result(relPath: string): ProcessedFile {
  const processed = results.get(relPath);
  if (!processed) throw new Error(`not processed: ${relPath}`);
  return processed;
}

beforeAll(async () => {
  root = tempDir('pipeline');
  library = await makePhotoLibrary(join(root, 'photos'), { extraPhotos: 1 });
  for (const file of library.files) originalHashes.set(file.path, sha256Of(file.path));
  derivativesDir = join(root, 'cache');
  pipeline = await createPipeline({ derivativesDir, threads: 2 });
  // The original is processed before its copy, so the copy finds its derivatives already there.
  const order = [...library.visible].sort((a, b) => Number(a.exactDuplicateOf !== null) - Number(b.exactDuplicateOf !== null));
  for (const file of order) results.set(file.relPath, await pipeline.process(scanned(file.path)));
});

afterAll(async () => {
  await pipeline?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('every format', () => {
  it('records the time each stage took, for the indexing bench to print their shares', () => {
    for (const stage of [
      'content type',
      'exiftool (beside the worker)',
      'read + SHA-256',
      'decode',
      'preview JPEG',
      'thumbnail WebP',
      'dHash',
      'derivative writes',
    ]) {
      expect(indexingStageTimes[stage], stage).toBeGreaterThan(0);
    }
  });

  it('detects the content type from the bytes and reports oriented dimensions', () => {
    for (const file of library.visible) {
      const processed = result(file.relPath);
      expect(processed.contentType, file.relPath).toBe(file.contentType);
      expect(processed.mediaType, file.relPath).toBe(file.mediaType);
      expect([processed.width, processed.height], file.relPath).toEqual([file.width, file.height]);
    }
  });

  it('writes a WebP thumbnail and a JPEG preview keyed by content hash, with the photo aspect ratio', async () => {
    for (const file of library.visible.filter((f) => f.mediaType === 'image')) {
      const { derivatives, sha256, width, height } = result(file.relPath);
      expect(derivatives?.thumb).toBe(join(derivativesDir, sha256.slice(0, 2), `${sha256}.thumb.webp`));
      const thumb = await sharp(derivatives!.thumb).metadata();
      const preview = await sharp(derivatives!.preview).metadata();
      expect(thumb.format).toBe('webp');
      expect(preview.format).toBe('jpeg');
      expect(Math.min(thumb.width, thumb.height), file.relPath).toBeLessThanOrEqual(256);
      expect([preview.width, preview.height], file.relPath).toEqual([width, height]);
      expect(thumb.width / thumb.height).toBeCloseTo(width! / height!, 1);
      expect(result(file.relPath).facesSkippedReason).toBe('face models not enabled');
    }
  });

  it('applies EXIF orientation: the sideways-stored photo shows its marker top-left', async () => {
    const { derivatives } = result('IMG_0002.jpg');
    const { data } = await sharp(derivatives!.preview).extract({ left: 5, top: 5, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[1]).toBeLessThan(50);
    expect(data[2]).toBeLessThan(50);
  });

  it('decodes the first frame of an animated GIF', async () => {
    const gif = result('trips/animated.gif').dhash!;
    const frameHash = async (seed: number) => {
      const { data, info } = await (await renderScene(seed, { width: 640, height: 480 })).raw().toBuffer({ resolveWithObject: true });
      return differenceHash(data, info.width, info.height);
    };
    expect(hammingDistance(gif, await frameHash(6))).toBeLessThanOrEqual(6);
    expect(hammingDistance(gif, await frameHash(60))).toBeGreaterThan(12);
  });
});

describe('metadata', () => {
  it('reads date with offset, GPS, camera and lens', () => {
    const { metadata } = result('IMG_0001.jpg');
    const expected = fixture('IMG_0001.jpg');
    expect(metadata.takenAt).toBe('2023-07-14T10:30:00+02:00');
    expect(metadata.takenAtOffset).toBe('+02:00');
    expect(metadata.latitude).toBeCloseTo(expected.gps!.latitude, 4);
    expect(metadata.longitude).toBeCloseTo(expected.gps!.longitude, 4);
    expect(metadata.altitude).toBeCloseTo(35, 1);
    expect(metadata).toMatchObject({ cameraMake: 'Canon', cameraModel: 'Canon EOS R6', lensModel: 'RF24-105mm F4 L IS USM' });
  });

  it('reads orientation, a negative offset and western, below-sea-level GPS', () => {
    const { metadata } = result('IMG_0002.jpg');
    expect(metadata).toMatchObject({ orientation: 6, takenAt: '2022-12-24T18:00:00-05:00', takenAtOffset: '-05:00', cameraModel: 'iPhone 12' });
    expect(metadata.longitude).toBeCloseTo(-74.006, 4);
    expect(metadata.altitude).toBeCloseTo(-3, 1);
  });

  it('keeps a capture time without offset as local time', () => {
    expect(result('more/photo_0001.jpg').metadata).toMatchObject({ takenAt: '2020-01-15T12:00:00', takenAtOffset: null });
  });

  it('leaves what is not recorded as null', () => {
    const { metadata } = result('no-date.png');
    expect(metadata).toMatchObject({ takenAt: null, takenAtOffset: null, cameraMake: null, latitude: null, durationSeconds: null });
  });
});

describe('duplicates', () => {
  it('gives a near duplicate a dHash within a few bits, and unrelated photos far apart', () => {
    const original = result('IMG_0001.jpg').dhash!;
    expect(original).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(original, result('trips/IMG_0001_small.jpg').dhash!)).toBeLessThanOrEqual(4);
    const unrelated = ['IMG_0002.jpg', 'no-date.png', 'trips/2023/beach.webp', 'trips/2023/scan.tiff', 'trips/2023/modern.avif', 'trips/animated.gif'];
    const hashes = [original, ...unrelated.map((relPath) => result(relPath).dhash!)];
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThanOrEqual(14);
    }
  });

  it('costs an exact duplicate no second decode: same hash, derivatives reused and not rewritten', async () => {
    const original = result('IMG_0001.jpg');
    const copy = result('copies/IMG_0001 copy.jpg');
    expect(copy.sha256).toBe(original.sha256);
    expect(copy.reusedDerivatives).toBe(true);
    expect(original.reusedDerivatives).toBe(false);
    expect(copy.dhash).toBe(original.dhash);
    expect([copy.width, copy.height]).toEqual([original.width, original.height]);

    const thumbMtime = statSync(original.derivatives!.thumb).mtimeMs;
    const again = await pipeline.process(scanned(fixture('copies/IMG_0001 copy.jpg').path));
    expect(again.reusedDerivatives).toBe(true);
    expect(statSync(original.derivatives!.thumb).mtimeMs).toBe(thumbMtime);
  });
});

describe('video', () => {
  it('indexes a video with its metadata and a poster frame (test/video/ goes further)', () => {
    const clip = result('clips/clip.mp4');
    expect(clip).toMatchObject({ mediaType: 'video', contentType: 'video/mp4', width: 1920, height: 1080, dhash: null });
    expect(clip.derivatives).not.toBeNull();
    expect(clip.metadata.durationSeconds).toBeCloseTo(3.5, 2);
    expect(clip.metadata.takenAt).toBe('2021-06-01T12:00:00+00:00');
  });
});

describe('safety', () => {
  it('never modifies an original', () => {
    for (const file of library.files) expect(sha256Of(file.path), file.relPath).toBe(originalHashes.get(file.path));
  });

  it('leaves no temporary files among the derivatives', () => {
    const leftovers = readdirSync(derivativesDir, { recursive: true })
      .map(String)
      .filter((name) => tempFileTarget(basename(name)) !== null);
    expect(leftovers).toEqual([]);
  });

  it('refuses an image over the pixel limit before decoding it, naming its size', async () => {
    const strict = await createPipeline({ derivativesDir: join(root, 'strict-cache'), threads: 1, maxPixels: 100_000 });
    try {
      const error = await strict.process(scanned(fixture('no-date.png').path)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PipelineError);
      expect(error).toMatchObject({ stage: 'decode', message: 'image is 640x480 = 0.3 MP, over the 0.1 MP limit' });
    } finally {
      await strict.close();
    }
  });

  it('refuses a file whose size or mtime differs from what the scanner saw', async () => {
    const file = scanned(fixture('no-date.png').path);
    const error = await pipeline.process({ ...file, sizeBytes: file.sizeBytes + 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ stage: 'read', message: expect.stringMatching(/file changed/), filePath: file.path });
  });
});
