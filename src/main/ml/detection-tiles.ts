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
 * How a search tiles: the face widths, in model input pixels, that one tile level is trusted with,
 * and the score it asks. Tiles leave larger faces to coarser levels (a face that large may be cut
 * by the tile edge) and overlap by enough that every face they own lies wholly inside one tile.
 */
export interface TilePlan {
  faceMin: number;
  faceMax: number;
  minScore: number;
}

/**
 * The exhaustive pass ('small-faces'), kept exactly as it was: levels owning faces of 16-48 input
 * px (24 px faces pasted into a 4000x3000 photo score 0.84-0.89 at 16 px input width, and are
 * missed at 12). Tiles see many small patches of texture; their false positives (knuckles, necks,
 * glass) score 0.5-0.7 while real faces of the sizes tiles own score ~0.8 and up.
 */
export const EXHAUSTIVE_TILES: TilePlan = { faceMin: 16, faceMax: 48, minScore: 0.7 };

/** Detections this close to an inner tile edge are taken as cut faces and left to the neighbour tile. */
const EDGE_MARGIN = 4;

/** Overlap between neighbouring tiles of a plan: its largest face and the edge margins. */
export function tileOverlap(plan: TilePlan): number {
  return plan.faceMax + 2 * EDGE_MARGIN;
}

/** Face widths (input pixels) a level reports and the score it asks; others belong to a finer or coarser level. */
export interface LevelLimits {
  minFace: number;
  maxFace: number;
  minScore: number;
}

/**
 * Scales of the views, coarse to fine: the whole image letterboxed into the input, then tile
 * levels each `faceMax / faceMin` finer, so the face sizes they own chain without gaps, down to
 * the level where a `minFaceSize` face is `faceMin` input pixels wide.
 */
export function levelScales(width: number, height: number, inputSize: number, minFaceSize: number, plan: TilePlan = EXHAUSTIVE_TILES): number[] {
  const whole = inputSize / Math.max(width, height);
  if (minFaceSize <= 0) return [whole];
  const ratio = plan.faceMax / plan.faceMin;
  const tiles: number[] = [];
  for (let s = plan.faceMin / minFaceSize; s > whole; s /= ratio) tiles.unshift(s);
  return [whole, ...tiles];
}

/** Evenly spread window origins covering `length` with at least `overlap` between neighbours. */
export function tileOrigins(length: number, inputSize: number, overlap = tileOverlap(EXHAUSTIVE_TILES)): number[] {
  if (length <= inputSize) return [0];
  const count = Math.ceil((length - inputSize) / (inputSize - overlap)) + 1;
  const step = (length - inputSize) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

export interface ScaleOptions {
  /** Tile overlap (default: the exhaustive plan's). */
  overlap?: number;
  /** The image already scaled (what `resize` would return). */
  scaled?: RawImage | undefined;
}

/** Faces (original pixels) the model finds in `image` scaled by `scale`, tiled when larger than the input. */
export async function detectAtScale(
  resize: ResizeImage,
  image: RawImage,
  scale: number,
  model: DetectorModel,
  limits: LevelLimits,
  options: ScaleOptions = {},
): Promise<Detection[]> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const scaled = options.scaled ?? (width === image.width && height === image.height ? image : await resize(image, width, height));
  const realScale = width / image.width;
  const { inputSize, anchors, encoding, padValue, maxBatch } = model;
  const xs = tileOrigins(width, inputSize, options.overlap);
  const ys = tileOrigins(height, inputSize, options.overlap);
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
