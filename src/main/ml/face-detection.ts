/**
 * Face detection with BlazeFace: the pack's first detector (full range) on the whole letterboxed
 * photo plus tiles of the photo at finer scales, so small faces in large group photos are found
 * too, merged by weighted NMS; the next detectors (short range) on the whole photo only when
 * nothing was found (it catches the tight face crops the full-range model misses); and, when the
 * pack names one (`closeRange`), large faces from the close-range detector (`withCloseFaces`).
 *
 * Pure: the network and the image resizer come from the caller, so the share viewer runs this very
 * code in the browser (onnxruntime-web) while the desktop runs it with onnxruntime-node and sharp.
 */
import type { DetectorSpec, ModelManifest } from '../../shared/model-manifest';
import type { Detection } from './blazeface';
import { blazeFaceAnchors, decodeBlazeFace, KEYPOINTS, mapDetection, ROW } from './blazeface';
import type { RawImage } from './raw-image';
import { assertRawImage } from './raw-image';
import { iou, nonMaxSuppression } from './nms';
import type { PixelEncoding } from './tensor';
import { encodingOf, writeImage } from './tensor';

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

/** Scales a decoded image to exactly width x height (the desktop uses sharp's default, Lanczos 3). */
export type ResizeImage = (image: RawImage, width: number, height: number) => Promise<RawImage>;

/**
 * The DetectorModel of a manifest entry; `infer` runs the network on NHWC input of `count` images.
 * `preferredBatch` applies when the model's batch dimension is not fixed.
 */
export function detectorModel(
  spec: DetectorSpec,
  preferredBatch: number,
  infer: (input: Float32Array, count: number) => Promise<Float32Array>,
): DetectorModel {
  const { size, normalization, padValue } = spec.preprocessing;
  const { decoding } = spec;
  if (decoding.scoreIndex !== 0 || decoding.boxIndex !== 1 || decoding.keypointIndex !== 5 || decoding.keypoints.length !== KEYPOINTS) {
    throw new Error(`detector ${spec.file}: only the BlazeFace row layout [score, box, ${KEYPOINTS} keypoints] is supported`);
  }
  const batch = spec.input.shape[0];
  const anchors = blazeFaceAnchors(size, decoding.anchors);
  return {
    inputSize: size,
    anchors,
    encoding: encodingOf(normalization),
    padValue,
    minScore: spec.minScore,
    maxBatch: typeof batch === 'number' ? batch : preferredBatch,
    async run(input, count) {
      const output = await infer(input, count);
      if (output.length !== count * (anchors.length / 2) * ROW) {
        throw new Error(`detector ${spec.file} returned ${output.length} values; its manifest anchors imply ${count * (anchors.length / 2) * ROW}`);
      }
      return output;
    },
  };
}

/** The detector that large faces are taken from (manifest `closeRange`). */
export interface CloseRange {
  model: DetectorModel;
  /** Faces at least this share of the photo's shorter side are its. */
  minFaceShare: number;
}

/** The close-range detector a manifest names, among its detectors' models (in manifest order); null when none. */
export function closeRangeOf(manifest: ModelManifest, detectors: readonly DetectorModel[]): CloseRange | null {
  const closeRange = manifest.closeRange;
  if (closeRange === undefined) return null;
  const index = manifest.detectors.findIndex((d) => d.id === closeRange.detector);
  return { model: detectors[index]!, minFaceShare: closeRange.minFaceShare };
}

export interface DetectOptions {
  /** Smallest face width (original pixels) the tiled pass must find; 0 turns tiling off. Default 24. */
  minFaceSize?: number;
  /** The pack's close-range detector, if it has one. */
  closeRange?: CloseRange | null;
  /** Overrides each detector's own score threshold. */
  minScore?: number;
  /** IoU above which detections are merged. Default 0.3. */
  iouThreshold?: number;
}

/**
 * Face widths, in model input pixels, that one view is trusted with. The full-range model finds
 * faces from DETECTABLE_MIN up reliably (measured: 24 px faces pasted into a 4000x3000 photo score
 * 0.84-0.89 at 16 px input width, and are missed at 12). Tiles leave larger faces to coarser views
 * (a face that large may be cut by the tile edge) and overlap by enough that every face they own
 * lies wholly inside one tile.
 */
const DETECTABLE_MIN = 16;
const TILE_FACE_MAX = 48;
/** Detections this close to an inner tile edge are taken as cut faces and left to the neighbour tile. */
const EDGE_MARGIN = 4;
const TILE_OVERLAP = TILE_FACE_MAX + 2 * EDGE_MARGIN;
/**
 * Tiles see many small patches of texture; their false positives (knuckles, necks, glass) score
 * 0.5-0.7 while real faces of the sizes tiles own score ~0.8 and up.
 */
const TILE_MIN_SCORE = 0.7;

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
  /** Face widths (input pixels) this level reports; others belong to a finer or coarser level. */
  minFace: number;
  maxFace: number;
  minScore: number;
}

/** Faces in original pixel coordinates, best score first. */
export async function detectFacesWith(
  resize: ResizeImage,
  image: RawImage,
  detectors: readonly DetectorModel[],
  options: DetectOptions = {},
): Promise<Detection[]> {
  assertRawImage(image);
  const { minFaceSize = 24, iouThreshold = 0.3 } = options;
  const found: Detection[] = [];
  for (const [i, detector] of detectors.entries()) {
    const minScore = options.minScore ?? detector.minScore;
    const scales = levelScales(image.width, image.height, detector.inputSize, i === 0 ? minFaceSize : 0);
    for (const [l, scale] of scales.entries()) {
      const whole = l === 0;
      const level = await makeLevel(resize, image, scale, detector.inputSize, {
        // With tiles, every level leaves faces below the reliable size to the next finer one.
        minFace: scales.length > 1 ? DETECTABLE_MIN * 0.75 : 0,
        maxFace: whole ? Infinity : TILE_FACE_MAX * 1.5,
        minScore: whole ? minScore : Math.max(minScore, TILE_MIN_SCORE),
      });
      found.push(...(await detectInLevel(level, detector)));
    }
    if (found.length > 0) break;
  }
  const faces = nonMaxSuppression(found, { iouThreshold, weighted: true });
  return options.closeRange ? withCloseFaces(resize, image, faces, options.closeRange) : faces;
}

/**
 * Large faces from the close-range model. The full-range model, made for faces a few metres away,
 * misplaces faces that fill much of its input: a box off to one side, landmarks where the eyes
 * are not, or nothing at all. Measured on tvcast's 150 px face stills (pack v2): verification ROC
 * AUC 0.966 with the full-range faces, 1.000 with the close-range ones; lfw10 0.9999 either way.
 * Faces of at least `minFaceShare` of the photo's shorter side found by the close-range model on
 * the whole photo replace every face they overlap; smaller faces stay the full-range model's (the
 * close-range model finds no small faces, and group photos hold no large ones). A large face the
 * full-range model did not see at all needs CLOSE_NEW_FACE_MIN_SCORE: at the model's own 0.5 a
 * raised hand beside lfw10's Hugo Chavez passes as a face.
 */
const CLOSE_NEW_FACE_MIN_SCORE = 0.7;

async function withCloseFaces(resize: ResizeImage, image: RawImage, faces: Detection[], closeRange: CloseRange): Promise<Detection[]> {
  const minSize = closeRange.minFaceShare * Math.min(image.width, image.height);
  const scale = closeRange.model.inputSize / Math.max(image.width, image.height);
  const level = await makeLevel(resize, image, scale, closeRange.model.inputSize, { minFace: 0, maxFace: Infinity, minScore: closeRange.model.minScore });
  const close = nonMaxSuppression(
    (await detectInLevel(level, closeRange.model)).filter((d) => Math.max(d.width, d.height) >= minSize),
    { iouThreshold: 0.3, weighted: true },
  );
  const covers = (c: Detection, face: Detection) => iou(face, c) > 0.3 || contains(c, face.x + face.width / 2, face.y + face.height / 2);
  const taken = close.filter((c) => c.score >= CLOSE_NEW_FACE_MIN_SCORE || faces.some((face) => covers(c, face)));
  if (taken.length === 0) return faces;
  return [...taken, ...faces.filter((face) => !taken.some((c) => covers(c, face)))].sort((a, b) => b.score - a.score);
}

function contains(box: Detection, x: number, y: number): boolean {
  return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
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

async function makeLevel(
  resize: ResizeImage,
  image: RawImage,
  scale: number,
  inputSize: number,
  limits: Pick<Level, 'minFace' | 'maxFace' | 'minScore'>,
): Promise<Level> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const scaled = width === image.width && height === image.height ? image : await resize(image, width, height);
  const xs = tileOrigins(width, inputSize);
  const ys = tileOrigins(height, inputSize);
  return { image: scaled, scale: width / image.width, views: ys.flatMap((y) => xs.map((x) => ({ x, y }))), ...limits };
}

/** Evenly spread window origins covering `length` with at least TILE_OVERLAP between neighbours. */
export function tileOrigins(length: number, inputSize: number): number[] {
  if (length <= inputSize) return [0];
  const count = Math.ceil((length - inputSize) / (inputSize - TILE_OVERLAP)) + 1;
  const step = (length - inputSize) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

async function detectInLevel(level: Level, model: DetectorModel): Promise<Detection[]> {
  const { inputSize, anchors, encoding, padValue, maxBatch } = model;
  const pixels = inputSize * inputSize * 3;
  const rows = (anchors.length / 2) * ROW;
  const found: Detection[] = [];
  for (let start = 0; start < level.views.length; start += maxBatch) {
    const batch = level.views.slice(start, start + maxBatch);
    const input = new Float32Array(batch.length * pixels);
    batch.forEach((v, i) => writeImage('NHWC', input, i * pixels, inputSize, level.image, v.x, v.y, encoding, padValue));
    const output = await model.run(input, batch.length);
    batch.forEach((view, i) => {
      for (const d of decodeBlazeFace(output, i * rows, anchors, level.minScore)) {
        const size = Math.max(d.width, d.height);
        if (size < level.minFace || size > level.maxFace || cutByTileEdge(d, view, level.image, inputSize)) continue;
        found.push(mapDetection(d, level.scale, view.x / level.scale, view.y / level.scale));
      }
    });
  }
  return found;
}

/** Whether `d` touches an edge the tile shares with a neighbour (image edges do not count). */
function cutByTileEdge(d: Detection, view: View, image: RawImage, inputSize: number): boolean {
  return (
    (view.x > 0 && d.x < EDGE_MARGIN) ||
    (view.y > 0 && d.y < EDGE_MARGIN) ||
    (view.x + inputSize < image.width && d.x + d.width > inputSize - EDGE_MARGIN) ||
    (view.y + inputSize < image.height && d.y + d.height > inputSize - EDGE_MARGIN)
  );
}
