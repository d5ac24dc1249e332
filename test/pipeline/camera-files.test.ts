import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ExifTool } from 'exiftool-vendored';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, PipelineError, type Pipeline } from '../../src/main/pipeline';
import { registrySamples, registrySamplesPackage, type RegistrySample } from '../fixtures';
import { scanned, sha256Of, tempDir } from './helpers';

const samples = registrySamples();
if (!samples) console.warn(`SKIPPING HEIC/HEIF/RAW tests: devDependency ${registrySamplesPackage} is not installed`);

describe.skipIf(!samples)('real camera files (HEIC via libheif wasm, RAW via its embedded preview)', () => {
  let root: string;
  let pipeline: Pipeline;

  beforeAll(async () => {
    root = tempDir('camera');
    pipeline = await createPipeline({ derivativesDir: join(root, 'cache'), threads: 2 });
  });

  afterAll(async () => {
    await pipeline?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A blank or garbage decode has almost no variation; a photo has plenty. */
  async function expectRealPicture(previewPath: string, sample: RegistrySample): Promise<void> {
    const preview = sharp(previewPath);
    const { width, height, format } = await preview.metadata();
    expect(format).toBe('jpeg');
    expect(width / height).toBeCloseTo(sample.width / sample.height, 1);
    const stats = await preview.stats();
    expect(stats.channels[0]!.stdev).toBeGreaterThan(15);
  }

  for (const kind of ['heic', 'heif', 'dng'] as const) {
    it(`indexes the ${kind.toUpperCase()} sample with its size, metadata and derivatives`, async () => {
      const sample = samples![kind];
      const before = sha256Of(sample.path);
      const processed = await pipeline.process(scanned(sample.path));
      expect(processed).toMatchObject({ contentType: sample.contentType, mediaType: 'image', width: sample.width, height: sample.height });
      expect(processed.metadata).toMatchObject({ takenAt: sample.takenAt, cameraMake: sample.cameraMake, cameraModel: sample.cameraModel });
      expect(processed.dhash).toMatch(/^[0-9a-f]{16}$/);
      await expectRealPicture(processed.derivatives!.preview, sample);
      expect(sha256Of(sample.path)).toBe(before);
    });
  }

  it('refuses a truncated HEIC with a decode error instead of hanging or crashing', async () => {
    const truncated = join(root, 'truncated.heic');
    writeFileSync(truncated, readFileSync(samples!.heic.path).subarray(0, 40_000));
    const error = await pipeline.process(scanned(truncated)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ stage: 'decode', filePath: truncated, message: 'truncated HEIC: premature end of data' });
  });

  it('turns a RAW preview upright using the orientation of the RAW itself', async () => {
    const sample = samples!.dng;
    const rotated = join(root, 'rotated.dng');
    copyFileSync(sample.path, rotated);
    const exiftool = new ExifTool({ maxProcs: 1 });
    try {
      await exiftool.write(rotated, { 'Orientation#': 6 }, { writeArgs: ['-overwrite_original'] });
    } finally {
      await exiftool.end();
    }
    const processed = await pipeline.process(scanned(rotated));
    expect(processed.metadata.orientation).toBe(6);
    expect([processed.width, processed.height]).toEqual([sample.height, sample.width]);
    const preview = await sharp(processed.derivatives!.preview).metadata();
    expect(preview.height).toBeGreaterThan(preview.width);
  });
});
