/**
 * Views of a photo for a BlazeFace network: the photo scaled so that the faces a level owns are
 * the sizes the network finds reliably, cut into overlapping square tiles of the network's input.
 * Pure (no sharp, no onnxruntime): the share viewer runs it in the browser too.
 */
import type { Detection } from './blazeface';
import { decodeBlazeFace, mapDetection, ROW } from './blazeface';
import type { DetectorModel, ResizeImage } from './face-detection';
import type { RawImage } from './raw-image';
import { writeImage } from './tensor';

/**
 * Face widths, in model input pixels, that one view is trusted with. The full-range model finds
 * faces from DETECTABLE_MIN up reliably (measured: 24 px faces pasted into a 4000x3000 photo score
 * 0.84-0.89 at 16 px input width, and are missed at 12). Tiles leave larger faces to coarser views
 * (a face that large may be cut by the tile edge) and overlap by enough that every face they own
 * lies wholly inside one tile.
 */
export const DETECTABLE_MIN = 16;
export const TILE_FACE_MAX = 48;
/** Detections this close to an inner tile edge are taken as cut faces and left to the neighbour tile. */
const EDGE_MARGIN = 4;
const TILE_OVERLAP = TILE_FACE_MAX + 2 * EDGE_MARGIN;
/**
 * Tiles see many small patches of texture; their false positives (knuckles, necks, glass) score
 * 0.5-0.7 while real faces of the sizes tiles own score ~0.8 and up.
 */
export const TILE_MIN_SCORE = 0.7;

/** Face widths (input pixels) a level reports and the score it asks; others belong to a finer or coarser level. */
export interface LevelLimits {
  minFace: number;
  maxFace: number;
  minScore: number;
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

/** Evenly spread window origins covering `length` with at least TILE_OVERLAP between neighbours. */
export function tileOrigins(length: number, inputSize: number): number[] {
  if (length <= inputSize) return [0];
  const count = Math.ceil((length - inputSize) / (inputSize - TILE_OVERLAP)) + 1;
  const step = (length - inputSize) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

/** Faces (original pixels) the model finds in `image` scaled by `scale`, tiled when larger than the input. */
export async function detectAtScale(resize: ResizeImage, image: RawImage, scale: number, model: DetectorModel, limits: LevelLimits): Promise<Detection[]> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const scaled = width === image.width && height === image.height ? image : await resize(image, width, height);
  const realScale = width / image.width;
  const { inputSize, anchors, encoding, padValue, maxBatch } = model;
  const xs = tileOrigins(width, inputSize);
  const ys = tileOrigins(height, inputSize);
  const views = ys.flatMap((y) => xs.map((x) => ({ x, y })));
  const pixels = inputSize * inputSize * 3;
  const rows = (anchors.length / 2) * ROW;
  const found: Detection[] = [];
  for (let start = 0; start < views.length; start += maxBatch) {
    const batch = views.slice(start, start + maxBatch);
    const input = new Float32Array(batch.length * pixels);
    batch.forEach((v, i) => writeImage('NHWC', input, i * pixels, inputSize, scaled, v.x, v.y, encoding, padValue));
    const output = await model.run(input, batch.length);
    batch.forEach((view, i) => {
      for (const d of decodeBlazeFace(output, i * rows, anchors, limits.minScore)) {
        const size = Math.max(d.width, d.height);
        if (size < limits.minFace || size > limits.maxFace || cutByTileEdge(d, view, width, height, inputSize)) continue;
        found.push(mapDetection(d, realScale, view.x / realScale, view.y / realScale));
      }
    });
  }
  return found;
}

/** Whether `d` (tile input pixels) touches an edge the tile shares with a neighbour (image edges do not count). */
function cutByTileEdge(d: Detection, view: { x: number; y: number }, width: number, height: number, inputSize: number): boolean {
  return (
    (view.x > 0 && d.x < EDGE_MARGIN) ||
    (view.y > 0 && d.y < EDGE_MARGIN) ||
    (view.x + inputSize < width && d.x + d.width > inputSize - EDGE_MARGIN) ||
    (view.y + inputSize < height && d.y + d.height > inputSize - EDGE_MARGIN)
  );
}
