/**
 * Recall of one detection strategy against another taken as the reference (the exhaustive tiled
 * pass), by face size, and the detections the reference does not have.
 */
import type { Box } from '../image';
import { iou } from '../nms';

/** Short-side face sizes (photo pixels) the recall table reports: [from, to). */
export const SIZE_BUCKETS: readonly (readonly [number, number])[] = [
  [0, 24],
  [24, 32],
  [32, 48],
  [48, 96],
  [96, Infinity],
];

export function bucketName([from, to]: readonly [number, number]): string {
  if (from === 0) return `< ${to} px`;
  return to === Infinity ? `>= ${from} px` : `${from}-${to} px`;
}

export interface RecallCounts {
  /** Reference faces per bucket (SIZE_BUCKETS order). */
  reference: number[];
  /** Of those, found by the strategy. */
  found: number[];
  /** Strategy detections matching no reference face. */
  extra: number;
  /** The reference faces missed, for inspection. */
  missed: Box[];
}

export function emptyCounts(): RecallCounts {
  return { reference: SIZE_BUCKETS.map(() => 0), found: SIZE_BUCKETS.map(() => 0), extra: 0, missed: [] };
}

/** A detection is the reference face it overlaps by IoU > 0.3 (each matched once, best overlap first). */
export function matchFaces(reference: readonly Box[], candidate: readonly Box[], into: RecallCounts = emptyCounts()): RecallCounts {
  const pairs: { r: number; c: number; overlap: number }[] = [];
  reference.forEach((r, ri) =>
    candidate.forEach((c, ci) => {
      const overlap = iou(r, c);
      if (overlap > 0.3) pairs.push({ r: ri, c: ci, overlap });
    }),
  );
  pairs.sort((a, b) => b.overlap - a.overlap);
  const refTaken = new Set<number>();
  const candTaken = new Set<number>();
  for (const { r, c } of pairs) {
    if (refTaken.has(r) || candTaken.has(c)) continue;
    refTaken.add(r);
    candTaken.add(c);
  }
  reference.forEach((face, i) => {
    const bucket = bucketOf(face);
    into.reference[bucket]!++;
    if (refTaken.has(i)) into.found[bucket]!++;
    else into.missed.push(face);
  });
  into.extra += candidate.length - candTaken.size;
  return into;
}

export function bucketOf(face: Box): number {
  const side = Math.min(face.width, face.height);
  return SIZE_BUCKETS.findIndex(([from, to]) => side >= from && side < to);
}

export function addCounts(a: RecallCounts, b: RecallCounts): RecallCounts {
  return {
    reference: a.reference.map((n, i) => n + b.reference[i]!),
    found: a.found.map((n, i) => n + b.found[i]!),
    extra: a.extra + b.extra,
    missed: [...a.missed, ...b.missed],
  };
}
