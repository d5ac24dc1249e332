/**
 * Shared by the model tests: the committed pack, the reference TF.js graphs (pure-JS CPU backend),
 * and image preprocessing done the way the manifest declares it.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { MODEL_MANIFEST_FILE, parseModelManifest, type ModelManifest } from '../../src/shared/model-manifest';
import { REPO_ROOT } from '../../scripts/models/build-pack';
import { FACET_PACK_V1 } from '../../scripts/models/facet-pack';
import { datasetsDir } from '../helpers/datasets';

/** The pack whose every model is converted from TF.js (v2 shares its detectors). */
export const PACK_DIR = path.join(REPO_ROOT, 'resources', 'models', FACET_PACK_V1.dir);
export const DATASETS_DIR = datasetsDir;
/** A group photo that ships with a devDependency, so some real faces are always available. */
export const SAMPLE_IMAGE = path.join(REPO_ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');

export function loadCommittedManifest(): ModelManifest {
  const file = path.join(PACK_DIR, MODEL_MANIFEST_FILE);
  return parseModelManifest(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}

/** Loads a TF.js graph model from disk (pure-JS CPU backend), without fetch. */
export async function loadReferenceGraph(jsonPath: string): Promise<tf.GraphModel> {
  await tf.setBackend('cpu');
  const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    format: string;
  };
  const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(jsonPath), p))));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  const handler = tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData,
    format: json.format,
  });
  return tf.loadGraphModel(handler);
}

export interface Normalization {
  channelOrder: 'RGB' | 'BGR';
  mean: [number, number, number];
  std: [number, number, number];
}

/** Interleaved 8-bit RGB -> NHWC float32 values, per the manifest's normalization. */
export function normalizePixels(rgb: Buffer, norm: Normalization): Float32Array {
  const out = new Float32Array(rgb.length);
  const order = norm.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  for (let p = 0; p < rgb.length; p += 3) {
    for (let c = 0; c < 3; c++) out[p + c] = (rgb[p + order[c]!]! - norm.mean[c]!) / norm.std[c]!;
  }
  return out;
}

/** The image scaled to fit a size x size square, padded right/bottom (the manifest's 'letterbox'). */
export async function letterboxRgb(file: string, size: number, padValue: number): Promise<Buffer> {
  return sharp(file)
    .rotate()
    .resize(size, size, { fit: 'contain', position: 'left top', background: { r: padValue, g: padValue, b: padValue } })
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** A centre square of the image at size x size: a stand-in for an aligned face crop. */
export async function centreCropRgb(file: string, size: number): Promise<Buffer> {
  return sharp(file).rotate().resize(size, size, { fit: 'cover' }).removeAlpha().raw().toBuffer();
}

/** Some LFW images when the shared datasets are present (the caller skips loudly otherwise). */
export function lfwImages(count: number): string[] {
  const dir = path.join(DATASETS_DIR, 'lfw10');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .slice(0, count)
    .map((person) => path.join(dir, person, fs.readdirSync(path.join(dir, person)).sort()[0]!));
}
