/**
 * Face detection with BlazeFace: the pack's first detector (full range) on the whole letterboxed
 * photo plus tiles of the photo at finer scales, so small faces in large group photos are found
 * too, merged by weighted NMS; the next detectors (short range) on the whole photo only when
 * nothing was found (it catches the tight face crops the full-range model misses).
 */
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { DetectorSpec } from '../../shared/model-manifest';
import type { Detection } from './blazeface';
import { blazeFaceAnchors, decodeBlazeFace, mapDetection } from './blazeface';
import type { RawImage } from './image';
import { assertRawImage } from './image';
import { nonMaxSuppression } from './nms';
import type { PixelEncoding } from './tensor';
import { encodingOf, writeNhwc } from './tensor';

/** A BlazeFace network behind whatever runs it. */
export interface DetectorModel {
  inputSize: number;
  /** Anchor centres (x, y pairs) in input pixels, in output row order. */
  anchors: Float32Array;
  encoding: PixelEncoding;
  /** 0..255 value of letterbox padding. */
  padValue: number;
  minScore: number;
  /** Largest batch to send at once (1 when the model's batch dimension is fixed). */
  maxBatch: number;
  /** NHWC input of `count` images -> raw rows [count, anchors, 17]. */
  run(input: Float32Array, count: number): Promise<Float32Array>;
}

/** Tiles per inference call: bounds input memory (16 x 192 x 192 x 3 floats = 7 MB). */
const BATCH = 16;

export function onnxDetector(spec: DetectorSpec, session: ort.InferenceSession): DetectorModel {
  const { size, normalization, padValue } = spec.preprocessing;
  const { decoding } = spec;
  if (decoding.scoreIndex !== 0 || decoding.boxIndex !== 1 || decoding.keypointIndex !== 5) {
    throw new Error(`detector ${spec.file}: only the BlazeFace row layout [score, box, keypoints] is supported`);
  }
  const fixedBatch = typeof spec.input.shape[0] === 'number';
  return {
    inputSize: size,
    anchors: blazeFaceAnchors(size, decoding.anchors),
    encoding: encodingOf(normalization),
    padValue,
    minScore: spec.minScore,
    maxBatch: fixedBatch ? (spec.input.shape[0] as number) : BATCH,
    async run(input, count) {
      const feeds = { [spec.input.name]: new ort.Tensor('float32', input, [count, size, size, 3]) };
      const result = await session.run(feeds, [decoding.output.name]);
      return result[decoding.output.name]!.data as Float32Array;
    },
  };
}

export interface DetectOptions {
  /** Smallest face width (original pixels) the tiled pass must find; 0 turns tiling off. Default 24. */
  minFaceSize?: number;
  /** Overrides each detector's own score threshold. */
  minScore?: number;
  /** IoU above which detections are merged. Default 0.3. */
  iouThreshold?: number;
}

/**
 * Face widths, in model input pixels, that one view is trusted with. The full-range model finds
 * faces from DETECTABLE_MIN up; tiles leave larger faces to coarser views (a face that large may be
 * cut by the tile edge), and overlap by enough that every face they own lies wholly inside one tile.
 */
const DETECTABLE_MIN = 16;
const TILE_FACE_MAX = 48;
/**
 * Tiles see many small patches of texture, and their false positives (knuckles, glass, fabric)
 * score just above MediaPipe's 0.5, while real faces of the sizes tiles own score ~0.8+; they
 * also drop detections too small to trust (below the finest level's minimum face).
 */
const TILE_MIN_SCORE = 0.65;
const TILE_FACE_MIN = DETECTABLE_MIN * 0.75;
/** Detections this close to an inner tile edge are taken as cut faces and left to the neighbour tile. */
const EDGE_MARGIN = 4;
const TILE_OVERLAP = TILE_FACE_MAX + 2 * EDGE_MARGIN;

interface View {
  /** Top-left of the window in the scaled image. */
  x: number;
  y: number;
}

interface Level {
  image: RawImage;
  /** Scaled size / original size. */
  scale: number;
  views: View[];
  /** Tiles drop faces they are not trusted with; the whole-image view keeps everything. */
  tiled: boolean;
}

/** Faces in original pixel coordinates, best score first. */
export async function detectFaces(image: RawImage, detectors: readonly DetectorModel[], options: DetectOptions = {}): Promise<Detection[]> {
  assertRawImage(image);
  const { minFaceSize = 24, iouThreshold = 0.3 } = options;
  const found: Detection[] = [];
  for (const [i, detector] of detectors.entries()) {
    const minScore = options.minScore ?? detector.minScore;
    const scales = levelScales(image.width, image.height, detector.inputSize, i === 0 ? minFaceSize : 0);
    for (const scale of scales) found.push(...(await detectInLevel(await makeLevel(image, scale, detector.inputSize), detector, minScore)));
    if (found.length > 0) break;
  }
  return nonMaxSuppression(found, { iouThreshold, weighted: true });
}

/**
 * Scales of the views, coarse to fine: the whole image letterboxed into the input, then tile
 * levels each `TILE_FACE_MAX / DETECTABLE_MIN` finer, so the face sizes they own chain without
 * gaps, down to the level where a `minFaceSize` face is DETECTABLE_MIN input pixels wide.
 */
export function levelScales(width: number, height: number, inputSize: number, minFaceSize: number): number[] {
  const whole = inputSize / Math.max(width, height);
  if (minFaceSize <= 0) return [whole];
  const ratio = TILE_FACE_MAX / DETECTABLE_MIN;
  const tiles: number[] = [];
  for (let s = DETECTABLE_MIN / minFaceSize; s > whole; s /= ratio) tiles.unshift(s);
  return [whole, ...tiles];
}

async function makeLevel(image: RawImage, scale: number, inputSize: number): Promise<Level> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const tiled = width > inputSize || height > inputSize;
  const scaled = width === image.width && height === image.height ? image : await resize(image, width, height);
  const xs = tileOrigins(width, inputSize);
  const ys = tileOrigins(height, inputSize);
  return { image: scaled, scale: width / image.width, tiled, views: ys.flatMap((y) => xs.map((x) => ({ x, y }))) };
}

/** Evenly spread window origins covering `length` with at least TILE_OVERLAP between neighbours. */
export function tileOrigins(length: number, inputSize: number): number[] {
  if (length <= inputSize) return [0];
  const count = Math.ceil((length - inputSize) / (inputSize - TILE_OVERLAP)) + 1;
  const step = (length - inputSize) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

async function resize(image: RawImage, width: number, height: number): Promise<RawImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 3 | 4 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

async function detectInLevel(level: Level, model: DetectorModel, minScore: number): Promise<Detection[]> {
  const { inputSize, anchors, encoding, padValue, maxBatch } = model;
  const pixels = inputSize * inputSize * 3;
  const rows = (anchors.length / 2) * 17;
  const found: Detection[] = [];
  for (let start = 0; start < level.views.length; start += maxBatch) {
    const batch = level.views.slice(start, start + maxBatch);
    const input = new Float32Array(batch.length * pixels);
    batch.forEach((v, i) => writeNhwc(input, i * pixels, inputSize, level.image, v.x, v.y, encoding, padValue));
    const output = await model.run(input, batch.length);
    batch.forEach((view, i) => {
      for (const d of decodeBlazeFace(output, i * rows, anchors, level.tiled ? Math.max(minScore, TILE_MIN_SCORE) : minScore)) {
        if (level.tiled && !ownedByTile(d, view, level.image, inputSize)) continue;
        found.push(mapDetection(d, level.scale, view.x / level.scale, view.y / level.scale));
      }
    });
  }
  return found;
}

/** Whether a tile should report `d`: a size tiles own, and not touching an edge it shares with a neighbour. */
function ownedByTile(d: Detection, view: View, image: RawImage, inputSize: number): boolean {
  const size = Math.max(d.width, d.height);
  if (size > TILE_FACE_MAX * 1.5 || size < TILE_FACE_MIN) return false;
  const cutLeft = view.x > 0 && d.x < EDGE_MARGIN;
  const cutTop = view.y > 0 && d.y < EDGE_MARGIN;
  const cutRight = view.x + inputSize < image.width && d.x + d.width > inputSize - EDGE_MARGIN;
  const cutBottom = view.y + inputSize < image.height && d.y + d.height > inputSize - EDGE_MARGIN;
  return !(cutLeft || cutTop || cutRight || cutBottom);
}
