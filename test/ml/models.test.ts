import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFaces } from '../../src/main/ml/detector';
import type { FaceModels, FaceResult } from '../../src/main/ml/faces';
import { BUNDLED_PACK_DIR, detectAndEmbed, loadFaceModels } from '../../src/main/ml/faces';
import type { RawImage } from '../../src/main/ml/image';
import { readRawImage } from '../../src/main/ml/image';
import { cosineSimilarity, onnxRecognizer } from '../../src/main/ml/recognizer';
import { FACE_LANDMARKS } from '../../src/shared/model-manifest';
import { openSession, preferredProviders, threadsPerWorker } from '../../src/main/ml/session';
import { imageBatchDims, writeImage } from '../../src/main/ml/tensor';
import { faceApiSamples, hasPack } from './fixtures';

describe('execution providers', () => {
  it('prefers DirectML on Windows, Core ML on macOS, and always ends with CPU', () => {
    expect(preferredProviders('win32', 'x64')).toEqual(['dml', 'cpu']);
    expect(preferredProviders('darwin', 'arm64')).toEqual(['coreml', 'cpu']);
    expect(preferredProviders('linux', 'arm64')).toEqual(['cpu']);
  });

  it('uses CUDA on Linux x64 only when its provider library is installed (not here)', () => {
    expect(preferredProviders('linux', 'x64')).toEqual(['cpu']);
  });

  it('splits cores among workers, at least one thread each', () => {
    expect(threadsPerWorker(2, 8)).toBe(4);
    expect(threadsPerWorker(3, 8)).toBe(2);
    expect(threadsPerWorker(4, 2)).toBe(1);
  });

  it('names the file when a model is missing', async () => {
    await expect(openSession('/nonexistent/face.onnx', { threads: 1 })).rejects.toThrow('/nonexistent/face.onnx');
  });
});

describe.skipIf(!hasPack)('face models (bundled pack)', () => {
  let models: FaceModels;
  let sample1: RawImage;
  let sample1Faces: FaceResult[];
  const tmpDirs: string[] = [];

  beforeAll(async () => {
    models = await loadFaceModels(BUNDLED_PACK_DIR, { threads: 1 });
    sample1 = await readRawImage(path.join(faceApiSamples, 'sample1.jpg'));
    sample1Faces = await detectAndEmbed(sample1, { models, search: 'whole-photo' });
  });
  afterAll(async () => {
    await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('loads on CPU and names its version', () => {
    expect(models.provider).toBe('cpu');
    expect(models.modelVersion).toBe(`${models.manifest.name}-v${models.manifest.version}`);
    expect(models.detectors).toHaveLength(models.manifest.detectors.length);
  });

  it('falls back to CPU when a preferred provider cannot load', async () => {
    const file = path.join(BUNDLED_PACK_DIR, models.manifest.detectors[1]!.file);
    // A fresh copy so the per-process session cache does not answer instead.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'facet-ep-'));
    tmpDirs.push(dir);
    await copyFile(file, path.join(dir, 'short.onnx'));
    const { provider } = await openSession(path.join(dir, 'short.onnx'), { threads: 1, providers: ['no-such-provider', 'cpu'] });
    expect(provider).toBe('cpu');
  });

  it('refuses a pack whose model file does not match the manifest, naming the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'facet-pack-'));
    tmpDirs.push(dir);
    const manifest = JSON.parse(await readFile(path.join(BUNDLED_PACK_DIR, 'manifest.json'), 'utf8'));
    for (const m of [...manifest.detectors, manifest.recognizer]) await copyFile(path.join(BUNDLED_PACK_DIR, m.file), path.join(dir, m.file));
    manifest.recognizer.sha256 = '0'.repeat(64);
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadFaceModels(dir, { threads: 1 })).rejects.toThrow(/recognizer-arcface\.onnx does not match its manifest sha256/);
    await expect(loadFaceModels(path.join(dir, 'missing'), { threads: 1 })).rejects.toThrow(/manifest\.json could not be read/);
  });

  it('feeds the recognizer exactly as the manifest says: (pixel - 127) / 128, RGB planes (NCHW)', () => {
    const { input, preprocessing } = models.manifest.recognizer;
    expect(preprocessing.normalization).toEqual({ channelOrder: 'RGB', mean: [127, 127, 127], std: [128, 128, 128] });
    expect(input.layout).toBe('NCHW');
    expect(imageBatchDims(input.layout, 1, 112)).toEqual([1, 3, 112, 112]);
    // A 2x1 image in a 2x2 window: planes R, G, B, each row by row; the row below the image is padding (0).
    const image = { data: Uint8Array.of(255, 127, 0, 63, 191, 127), width: 2, height: 1, channels: 3 };
    const out = new Float32Array(12);
    writeImage('NCHW', out, 0, 2, image, 0, 0, models.recognizer.encoding);
    const pad = -127 / 128;
    expect(Array.from(out)).toEqual([1, -0.5, pad, pad, 0, 0.5, pad, pad, pad, 0, pad, pad]);
    const detectorOut = new Float32Array(3);
    writeImage('NHWC', detectorOut, 0, 1, { data: Uint8Array.of(0, 255, 51), width: 1, height: 1, channels: 3 }, 0, 0, models.detectors[0]!.encoding);
    expect(Array.from(detectorOut).map((v) => Number(v.toFixed(3)))).toEqual([-1, 1, -0.6]);
  });

  it('tells different people apart, and a pack that declares the wrong layout fails loudly instead of embedding', async () => {
    const spec = models.manifest.recognizer;
    const crops = sample1Faces.map((f) => models.recognizer.align(sample1, f.keypoints));
    const right = await models.recognizer.embed(crops);
    const maxDifferent = Math.max(cosineSimilarity(right[0]!, right[1]!), cosineSimilarity(right[0]!, right[2]!), cosineSimilarity(right[1]!, right[2]!));
    console.log(`three different people, highest similarity ${maxDifferent.toFixed(3)}`);
    expect(maxDifferent).toBeLessThan(0.4);
    const { session } = await openSession(path.join(BUNDLED_PACK_DIR, spec.file), { threads: 1 });
    const interleaved = onnxRecognizer({ ...spec, input: { ...spec.input, layout: 'NHWC' } }, session, 'cpu', FACE_LANDMARKS);
    await expect(interleaved.embed(crops)).rejects.toThrow(/invalid dimensions/);
  });

  it('finds, aligns and embeds every face of a group photo', () => {
    expect(sample1Faces).toHaveLength(3);
    for (const f of sample1Faces) {
      expect(f.embedding).toHaveLength(models.manifest.recognizer.embeddingDim);
      expect(Math.hypot(...f.embedding)).toBeCloseTo(1, 4);
      expect(f.score).toBeGreaterThan(0.5);
      expect(f.quality).toBeGreaterThanOrEqual(0);
      expect(f.quality).toBeLessThanOrEqual(1);
      expect(f.keypoints).toHaveLength(6);
      const [eye, , nose] = f.keypoints;
      for (const [x, y] of [eye!, nose!]) {
        expect(x).toBeGreaterThan(f.box.x);
        expect(x).toBeLessThan(f.box.x + f.box.width);
        expect(y).toBeGreaterThan(f.box.y);
        expect(y).toBeLessThan(f.box.y + f.box.height);
      }
      const t = f.thumbnail;
      expect(t.left >= 0 && t.top >= 0 && t.left + t.size <= sample1.width && t.top + t.size <= sample1.height).toBe(true);
      expect(t.size).toBeGreaterThan(f.box.width);
    }
  });

  it('embeds the same face alike across a flip, a crop and a rescale of the photo', async () => {
    const face = sample1Faces[0]!;
    const { left, top, size } = face.thumbnail;
    const variant = await sharp(sample1.data, { raw: { width: sample1.width, height: sample1.height, channels: 3 } })
      .extract({ left, top, width: size, height: size })
      .resize(Math.round(size * 0.7))
      .flop()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const [again] = await detectAndEmbed({ data: variant.data, width: variant.info.width, height: variant.info.height, channels: 3 }, { models });
    expect(again).toBeDefined();
    expect(cosineSimilarity(face.embedding, again!.embedding)).toBeGreaterThan(0.8);
  });

  it('reads photos upright: a face stored rotated with EXIF orientation 6 is still found', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'facet-exif-'));
    tmpDirs.push(dir);
    const file = path.join(dir, 'rotated.jpg');
    // Pixels stored turned 90 degrees anticlockwise; orientation 6 tells viewers to turn them back.
    await sharp(path.join(faceApiSamples, 'sample6.jpg')).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toFile(file);
    const image = await readRawImage(file);
    expect([image.width, image.height]).toEqual([1920, 1537]);
    expect(await detectAndEmbed(image, { models, search: 'whole-photo' })).toHaveLength(4);
  });

  it('returns no faces for an image without any', async () => {
    const { data, info } = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 90, b: 160 } } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(await detectAndEmbed({ data, width: info.width, height: info.height, channels: 3 }, { models })).toEqual([]);
  });

  it('the tiled pass finds a 28 px face in a 4000x3000 photo that the whole-image pass cannot', async () => {
    const source = await readRawImage(path.join(faceApiSamples, 'sample6.jpg'));
    const [big] = await detectFaces(source, models.detectors, { search: 'whole-photo' });
    const faceSize = 28;
    const scale = faceSize / big!.width;
    // The face with twice its size of surroundings, scaled so the face is ~28 px wide.
    const side = Math.round(big!.width * 2);
    const patch = await sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } })
      .extract({ left: Math.round(big!.x - big!.width / 2), top: Math.round(big!.y - big!.height / 2), width: side, height: side })
      .resize(Math.round(side * scale))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = { left: 2471, top: 1313 }; // not aligned with any tile grid
    const { data, info } = await sharp({
      create: { width: 4000, height: 3000, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 120, sigma: 25 } },
    })
      .composite([{ input: patch.data, raw: { width: patch.info.width, height: patch.info.height, channels: 3 }, left: at.left, top: at.top }])
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const canvas: RawImage = { data, width: info.width, height: info.height, channels: info.channels };
    const centre = { x: at.left + patch.info.width / 2, y: at.top + patch.info.height / 2 };
    const near = (faces: Array<{ x: number; y: number; width: number; height: number }>) =>
      faces.filter((d) => Math.hypot(d.x + d.width / 2 - centre.x, d.y + d.height / 2 - centre.y) < faceSize / 2);

    const tiled = await detectFaces(canvas, models.detectors, { search: 'small-faces' });
    expect(near(tiled)).toHaveLength(1);
    expect(near(tiled)[0]!.width).toBeGreaterThan(faceSize * 0.6);
    expect(near(tiled)[0]!.width).toBeLessThan(faceSize * 1.6);
    expect(tiled.length).toBeLessThanOrEqual(2); // noise is not full of faces
    expect(near(await detectFaces(canvas, models.detectors, { search: 'whole-photo' }))).toHaveLength(0);
  });
});
