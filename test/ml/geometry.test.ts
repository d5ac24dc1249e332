import { describe, expect, it } from 'vitest';
import { applySimilarity, estimateSimilarity, invertSimilarity, warpSimilarity } from '../../src/main/ml/align';
import { blazeFaceAnchors, decodeBlazeFace, mapDetection } from '../../src/main/ml/blazeface';
import type { Detection } from '../../src/main/ml/blazeface';
import type { Point } from '../../src/main/ml/image';
import { levelScales, tileOrigins } from '../../src/main/ml/detector';
import { iou, nonMaxSuppression } from '../../src/main/ml/nms';

describe('BlazeFace anchors', () => {
  it('full range: 48x48 grid at stride 4, centres at (g + 0.5) * 4', () => {
    const a = blazeFaceAnchors(192, [{ stride: 4, anchorsPerCell: 1 }]);
    expect(a.length / 2).toBe(2304);
    expect([a[0], a[1]]).toEqual([2, 2]);
    expect([a[2], a[3]]).toEqual([6, 2]); // row-major: x advances first
    expect([a[2 * 48], a[2 * 48 + 1]]).toEqual([2, 6]);
    expect([a[2 * 2303], a[2 * 2303 + 1]]).toEqual([190, 190]);
  });

  it('short range: 16x16x2 at stride 8 then 8x8x6 at stride 16 = 896', () => {
    const a = blazeFaceAnchors(128, [
      { stride: 8, anchorsPerCell: 2 },
      { stride: 16, anchorsPerCell: 6 },
    ]);
    expect(a.length / 2).toBe(896);
    expect([a[0], a[1], a[2], a[3]]).toEqual([4, 4, 4, 4]); // two anchors share a cell
    expect([a[2 * 512], a[2 * 512 + 1]]).toEqual([8, 8]); // first anchor of the second layer
    expect([a[2 * 895], a[2 * 895 + 1]]).toEqual([120, 120]);
  });
});

describe('BlazeFace decoding', () => {
  it('adds anchor centres, applies sigmoid and drops low scores', () => {
    const anchors = blazeFaceAnchors(8, [{ stride: 4, anchorsPerCell: 1 }]); // 4 anchors
    const raw = new Float32Array(4 * 17).fill(0);
    raw.fill(-10, 0, 1); // anchor 0: logit -10 -> dropped
    const row = 3 * 17; // anchor 3 at (6, 6)
    raw.set([2, 1, -1, 4, 6, 0, 0, 1, 1, 2, 2, 3, 3, -1, -1, -2, -2], row);
    for (const r of [1, 2]) raw[r * 17] = -3; // below 0.5
    const found = decodeBlazeFace(raw, 0, anchors, 0.5);
    expect(found).toHaveLength(1);
    const d = found[0]!;
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-2)));
    expect([d.x, d.y, d.width, d.height]).toEqual([7 - 2, 5 - 3, 4, 6]);
    expect(d.keypoints).toEqual([
      [6, 6],
      [7, 7],
      [8, 8],
      [9, 9],
      [5, 5],
      [4, 4],
    ]);
  });

  it('maps from a scaled tile back to original pixels', () => {
    const d: Detection = { x: 10, y: 20, width: 30, height: 40, score: 0.9, keypoints: [[10, 20]] };
    const m = mapDetection(d, 0.5, 100, 200);
    expect([m.x, m.y, m.width, m.height]).toEqual([120, 240, 60, 80]);
    expect(m.keypoints[0]).toEqual([120, 240]);
  });
});

describe('tiling', () => {
  it('tiles cover the whole length, end flush with it, and overlap by at least 56 px', () => {
    for (const length of [193, 400, 1333, 2667]) {
      const origins = tileOrigins(length, 192);
      expect(origins[0]).toBe(0);
      expect(origins.at(-1)! + 192).toBe(length);
      for (let i = 1; i < origins.length; i++) expect(origins[i - 1]! + 192 - origins[i]!).toBeGreaterThanOrEqual(56);
    }
    expect(tileOrigins(150, 192)).toEqual([0]);
  });

  it('levels go from the whole letterboxed image down to where a min-size face is 16 input px', () => {
    const scales = levelScales(4000, 3000, 192, 24);
    expect(scales[0]).toBeCloseTo(192 / 4000);
    expect(scales.at(-1)).toBeCloseTo(16 / 24);
    // Each tile level owns faces 16..48 input px, so neighbours are 3x apart and leave no gap.
    for (let i = 2; i < scales.length; i++) expect(scales[i]! / scales[i - 1]!).toBeCloseTo(3);
    expect(scales[1]! / scales[0]!).toBeLessThanOrEqual(3);
    expect(levelScales(4000, 3000, 192, 0)).toEqual([192 / 4000]);
    expect(levelScales(150, 150, 192, 24)).toEqual([192 / 150]); // small images need no tiles
  });
});

describe('non-maximum suppression', () => {
  const det = (x: number, y: number, s: number, score: number): Detection => ({
    x,
    y,
    width: s,
    height: s,
    score,
    keypoints: [[x + s / 2, y + s / 2]],
  });

  it('computes intersection over union', () => {
    expect(iou(det(0, 0, 10, 1), det(0, 0, 10, 1))).toBe(1);
    expect(iou(det(0, 0, 10, 1), det(5, 0, 10, 1))).toBeCloseTo(50 / 150);
    expect(iou(det(0, 0, 10, 1), det(20, 0, 10, 1))).toBe(0);
  });

  it('keeps the best of overlapping boxes and separate faces apart', () => {
    const kept = nonMaxSuppression([det(0, 0, 10, 0.6), det(1, 0, 10, 0.9), det(50, 50, 10, 0.7)], {
      iouThreshold: 0.3,
      weighted: false,
    });
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.7]);
    expect(kept[0]!.x).toBe(1);
  });

  it('weighted mode blends box and keypoints by score and keeps the top score', () => {
    const [blended] = nonMaxSuppression([det(0, 0, 10, 0.25), det(4, 0, 10, 0.75)], { iouThreshold: 0.3, weighted: true });
    expect(blended!.score).toBe(0.75);
    expect(blended!.x).toBeCloseTo(3);
    expect(blended!.width).toBeCloseTo(10);
    expect(blended!.keypoints[0]![0]).toBeCloseTo(8);
  });
});

/** ArcFace's template: eyes, nose tip, mouth centre. */
const ARCFACE_112: Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [56.1396, 92.2848],
];

describe('similarity alignment', () => {
  const src: Point[] = [
    [30, 40],
    [70, 42],
    [52, 60],
    [50, 85],
  ];
  const known = { a: 1.3 * Math.cos(0.4), b: 1.3 * Math.sin(0.4), tx: -12, ty: 33 };

  it('recovers a known rotation + scale + translation exactly', () => {
    const dst = src.map((p) => applySimilarity(known, p));
    const t = estimateSimilarity(src, dst);
    expect(t.a).toBeCloseTo(known.a, 9);
    expect(t.b).toBeCloseTo(known.b, 9);
    expect(t.tx).toBeCloseTo(known.tx, 9);
    expect(t.ty).toBeCloseTo(known.ty, 9);
  });

  it('is the least-squares fit under noise (residual no worse than the true transform)', () => {
    const noise = [
      [0.8, -0.5],
      [-0.6, 0.9],
      [0.3, 0.4],
      [-0.5, -0.7],
    ];
    const dst = src.map((p, i) => {
      const [x, y] = applySimilarity(known, p);
      return [x + noise[i]![0]!, y + noise[i]![1]!] as Point;
    });
    const residual = (t: typeof known) =>
      src.reduce((s, p, i) => {
        const [x, y] = applySimilarity(t, p);
        return s + (x - dst[i]![0]) ** 2 + (y - dst[i]![1]) ** 2;
      }, 0);
    const fit = estimateSimilarity(src, dst);
    expect(residual(fit)).toBeLessThanOrEqual(residual(known));
    expect(Math.atan2(fit.b, fit.a)).toBeCloseTo(0.4, 1);
  });

  it('inverts', () => {
    const p: Point = [17, -4];
    const back = applySimilarity(invertSimilarity(known), applySimilarity(known, p));
    expect(back[0]).toBeCloseTo(17, 9);
    expect(back[1]).toBeCloseTo(-4, 9);
  });

  it('warps a synthetic face so its keypoints land on the template', () => {
    // 300x200 grey image with bright 3x3 dots at four rotated, scaled keypoint spots.
    const width = 300;
    const height = 200;
    const data = new Uint8Array(width * height * 3).fill(40);
    const template = ARCFACE_112;
    const toPhoto = { a: 1.6 * Math.cos(-0.3), b: 1.6 * Math.sin(-0.3), tx: 90, ty: 40 };
    const keypoints = template.map((p) => applySimilarity(toPhoto, p));
    for (const [kx, ky] of keypoints) {
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) {
          const i = ((Math.floor(ky) + dy) * width + Math.floor(kx) + dx) * 3;
          data.fill(250, i, i + 3);
        }
    }
    const toCrop = estimateSimilarity(keypoints, template);
    const crop = warpSimilarity({ data, width, height, channels: 3 }, toCrop, 112);
    for (const [tx, ty] of template) {
      expect(crop[(Math.floor(ty) * 112 + Math.floor(tx)) * 3]).toBeGreaterThan(200);
    }
    expect(crop[(5 * 112 + 5) * 3]).toBe(40); // background stays background
  });

  it('averages when shrinking: a 1-px checkerboard becomes flat grey instead of aliasing', () => {
    const width = 400;
    const data = new Uint8Array(width * width);
    for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) data[y * width + x] = (x + y) % 2 ? 255 : 0;
    const crop = warpSimilarity({ data, width, height: width, channels: 1 }, { a: 0.25, b: 0, tx: 0, ty: 0 }, 64);
    for (let i = 0; i < crop.length; i++) expect(Math.abs(crop[i]! - 127.5)).toBeLessThan(20);
  });
});
