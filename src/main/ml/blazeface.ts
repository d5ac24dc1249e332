/**
 * BlazeFace (MediaPipe face detection) anchors and raw-output decoding. Each output row is
 * [score logit, cx, cy, w, h, 6 x (kx, ky)], offsets in input pixels relative to its anchor centre.
 */
import type { Point } from './image';

export interface AnchorLayer {
  stride: number;
  anchorsPerCell: number;
}

/** Anchor centres (x, y pairs, input pixels) in the row order the model emits them. */
export function blazeFaceAnchors(inputSize: number, layers: readonly AnchorLayer[]): Float32Array {
  const total = layers.reduce((n, l) => n + (inputSize / l.stride) ** 2 * l.anchorsPerCell, 0);
  const anchors = new Float32Array(total * 2);
  let i = 0;
  for (const { stride, anchorsPerCell } of layers) {
    const cells = inputSize / stride;
    if (!Number.isInteger(cells)) throw new Error(`anchor stride ${stride} does not divide input size ${inputSize}`);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let a = 0; a < anchorsPerCell; a++) {
          anchors[i++] = (gx + 0.5) * stride;
          anchors[i++] = (gy + 0.5) * stride;
        }
      }
    }
  }
  return anchors;
}

export interface Detection {
  /** Box corner and size, in the pixel space the caller maps into. */
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  /** Right eye (image left), left eye, nose tip, mouth centre, right ear, left ear. */
  keypoints: Point[];
}

export const KEYPOINTS = 6;
/** Values per anchor row: score, box (4), keypoints. */
export const ROW = 5 + 2 * KEYPOINTS;

/**
 * Decodes rows of one image whose score passes `minScore`, in model input pixels.
 * `raw` holds `anchors.length / 2` rows of 17 values starting at `offset`.
 */
export function decodeBlazeFace(raw: Float32Array, offset: number, anchors: Float32Array, minScore: number): Detection[] {
  const count = anchors.length / 2;
  const minLogit = Math.log(minScore / (1 - minScore));
  const found: Detection[] = [];
  for (let a = 0; a < count; a++) {
    const r = offset + a * ROW;
    const logit = raw[r]!;
    if (!(logit >= minLogit)) continue;
    const ax = anchors[2 * a]!;
    const ay = anchors[2 * a + 1]!;
    const w = raw[r + 3]!;
    const h = raw[r + 4]!;
    if (!(w > 0 && h > 0)) continue;
    const keypoints: Point[] = [];
    for (let k = 0; k < KEYPOINTS; k++) keypoints.push([raw[r + 5 + 2 * k]! + ax, raw[r + 6 + 2 * k]! + ay]);
    found.push({
      x: raw[r + 1]! + ax - w / 2,
      y: raw[r + 2]! + ay - h / 2,
      width: w,
      height: h,
      score: 1 / (1 + Math.exp(-logit)),
      keypoints,
    });
  }
  return found;
}

/** Maps a detection from a resized/cropped view back to the original: original = view / scale + origin. */
export function mapDetection(d: Detection, scale: number, originX: number, originY: number): Detection {
  return {
    x: d.x / scale + originX,
    y: d.y / scale + originY,
    width: d.width / scale,
    height: d.height / scale,
    score: d.score,
    keypoints: d.keypoints.map(([x, y]) => [x / scale + originX, y / scale + originY] as Point),
  };
}
