/**
 * A 0..1 face quality from three cues that each hurt recognition: small faces, blur, and
 * turned heads. It ranks faces (cluster representatives, which faces to trust); it is not a
 * calibrated probability.
 */
import type { Point } from './image';

export interface QualityParts {
  quality: number;
  size: number;
  sharpness: number;
  frontalness: number;
}

/** Face widths (original pixels) at which the size cue is 0 and 1. */
const SIZE_FLOOR = 16;
const SIZE_FULL = 96;
/** Laplacian variance at which sharpness reaches 1 - 1/e (typical of a soft but usable face). */
const SHARPNESS_SCALE = 60;

export function faceQuality(faceWidth: number, keypoints: readonly Point[], crop: Uint8Array, cropSize: number): QualityParts {
  const size = clamp01((faceWidth - SIZE_FLOOR) / (SIZE_FULL - SIZE_FLOOR));
  const sharpness = 1 - Math.exp(-laplacianVariance(crop, cropSize) / SHARPNESS_SCALE);
  const frontalness = frontalnessOf(keypoints);
  return { quality: Math.cbrt(size * sharpness * frontalness), size, sharpness, frontalness };
}

/** Variance of the 4-neighbour Laplacian of luma over the central half of an RGB crop (the face, not the background). */
export function laplacianVariance(rgb: Uint8Array, size: number): number {
  const luma = (x: number, y: number): number => {
    const i = (y * size + x) * 3;
    return 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
  };
  const lo = Math.floor(size / 4);
  const hi = Math.ceil((3 * size) / 4);
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = lo; y < hi; y++) {
    for (let x = lo; x < hi; x++) {
      const l = luma(x - 1, y) + luma(x + 1, y) + luma(x, y - 1) + luma(x, y + 1) - 4 * luma(x, y);
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/**
 * 1 for a frontal face, falling to 0 as the head turns (nose slides past one eye) or tilts
 * up/down (nose moves off the third of the way from the eye line to the mouth that ArcFace's
 * template has). Keypoints: eye, eye, nose, mouth centre.
 */
export function frontalnessOf(keypoints: readonly Point[]): number {
  const [e1, e2, nose, mouth] = keypoints as [Point, Point, Point, Point];
  const ex = e2[0] - e1[0];
  const ey = e2[1] - e1[1];
  const eyeDist2 = ex * ex + ey * ey;
  if (eyeDist2 === 0) return 0;
  const along = ((nose[0] - e1[0]) * ex + (nose[1] - e1[1]) * ey) / eyeDist2;
  // 0.5 is frontal; ~0 or ~1 (nose over one eye) is a three-quarter view, still worth something.
  const yaw = clamp01(1 - Math.abs(along - 0.5) / 0.75);
  // Signed distances from the eye line, in the face's own frame.
  const eyeDist = Math.sqrt(eyeDist2);
  const below = (p: Point): number => ((p[1] - e1[1]) * ex - (p[0] - e1[0]) * ey) / eyeDist;
  const mouthDrop = below(mouth);
  if (mouthDrop <= 0) return 0;
  const pitch = clamp01(1 - Math.abs(below(nose) / mouthDrop - TEMPLATE_NOSE_RATIO) / 0.35);
  return yaw * pitch;
}

/** Where the nose sits between eye line (0) and mouth (1) on the ArcFace template. */
const TEMPLATE_NOSE_RATIO = (71.7366 - 51.6) / (92.2848 - 51.6);

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
