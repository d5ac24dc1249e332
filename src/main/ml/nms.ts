/** Non-maximum suppression over face detections, plain or MediaPipe-style weighted blending. */
import type { Detection } from './blazeface';
import type { Box, Point } from './image';

export function iou(a: Box, b: Box): number {
  const ix = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

export interface NmsOptions {
  iouThreshold: number;
  /** Blend each kept detection with those it suppresses, weighted by score (steadier boxes and keypoints). */
  weighted: boolean;
}

export function nonMaxSuppression(detections: readonly Detection[], { iouThreshold, weighted }: NmsOptions): Detection[] {
  const remaining = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const cluster: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (iou(best, d) > iouThreshold || d === best ? cluster : rest).push(d);
    kept.push(weighted ? blend(cluster, best.score) : best);
    remaining.splice(0, remaining.length, ...rest);
  }
  return kept;
}

function blend(cluster: readonly Detection[], score: number): Detection {
  let total = 0;
  let x = 0;
  let y = 0;
  let x2 = 0;
  let y2 = 0;
  const keypoints: Point[] = cluster[0]!.keypoints.map(() => [0, 0]);
  for (const d of cluster) {
    const w = d.score;
    total += w;
    x += d.x * w;
    y += d.y * w;
    x2 += (d.x + d.width) * w;
    y2 += (d.y + d.height) * w;
    d.keypoints.forEach(([kx, ky], k) => {
      keypoints[k]![0] += kx * w;
      keypoints[k]![1] += ky * w;
    });
  }
  return {
    x: x / total,
    y: y / total,
    width: (x2 - x) / total,
    height: (y2 - y) / total,
    score,
    keypoints: keypoints.map(([kx, ky]) => [kx / total, ky / total] as Point),
  };
}
