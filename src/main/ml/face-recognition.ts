/**
 * Face recognition: align each face onto the recognizer's template with one resampling of the
 * photo, run the network in batches, and L2-normalize the embeddings (compared by cosine).
 *
 * Pure: the network comes from the caller (onnxruntime-node on the desktop, onnxruntime-web in
 * the share viewer), so both embed with the very same alignment and tensor code.
 */
import type { FaceLandmark, RecognizerSpec } from '../../shared/model-manifest';
import { estimateSimilarity, warpSimilarity } from './align';
import type { Point, RawImage } from './raw-image';
import type { PixelEncoding } from './tensor';
import { encodingOf, imageBatchDims, writeImage } from './tensor';

export interface Recognizer {
  /** Side of the square aligned crop the network takes. */
  size: number;
  embeddingDim: number;
  encoding: PixelEncoding;
  /** Embeddings of aligned RGB crops (size x size x 3), L2-normalized. */
  embed(crops: readonly Uint8Array[]): Promise<Float32Array[]>;
  /** The aligned RGB crop for a face with the detector's keypoints. */
  align(image: RawImage, keypoints: readonly Point[]): Uint8Array;
}

/**
 * The Recognizer of a manifest entry; `infer` runs the network on `count` crops laid out as the
 * manifest says (`dims`: the input tensor's shape) and returns their raw embeddings. `detectorKeypoints` names the detector's keypoints in order, so the
 * manifest's alignment landmarks can be picked out of them. `preferredBatch` applies when the
 * model's batch dimension is not fixed.
 */
export function recognizerModel(
  spec: RecognizerSpec,
  detectorKeypoints: readonly FaceLandmark[],
  preferredBatch: number,
  infer: (input: Float32Array, dims: readonly number[]) => Promise<Float32Array>,
): Recognizer {
  const { size, normalization, alignment } = spec.preprocessing;
  const picks = alignment.landmarks.map((name) => {
    const i = detectorKeypoints.indexOf(name);
    if (i < 0) throw new Error(`recognizer ${spec.file} aligns on ${name}, which the detector does not provide`);
    return i;
  });
  const template = alignment.template as Point[];
  const encoding = encodingOf(normalization);
  const maxBatch = typeof spec.input.shape[0] === 'number' ? spec.input.shape[0] : preferredBatch;
  const pixels = size * size * 3;
  const dim = spec.embeddingDim;
  const layout = spec.input.layout;

  async function run(crops: readonly Uint8Array[]): Promise<Float32Array[]> {
    const input = new Float32Array(crops.length * pixels);
    crops.forEach((crop, i) => writeImage(layout, input, i * pixels, size, { data: crop, width: size, height: size, channels: 3 }, 0, 0, encoding));
    const output = await infer(input, imageBatchDims(layout, crops.length, size));
    if (output.length !== crops.length * dim) {
      throw new Error(`recognizer ${spec.file} returned ${output.length} values for ${crops.length} faces; expected ${dim} each`);
    }
    return crops.map((_, i) => l2Normalize(output.slice(i * dim, (i + 1) * dim)));
  }

  return {
    size,
    embeddingDim: dim,
    encoding,
    async embed(crops) {
      const out: Float32Array[] = [];
      for (let i = 0; i < crops.length; i += maxBatch) out.push(...(await run(crops.slice(i, i + maxBatch))));
      return out;
    },
    align(image, keypoints) {
      const points = picks.map((i) => keypoints[i]!);
      return warpSimilarity(image, estimateSimilarity(points, template), size);
    },
  };
}

export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
