import { describe, expect, it } from 'vitest';
import { bestThreshold, rocAuc } from '../../src/main/ml/eval/roc';
import { faceQuality, frontalnessOf, laplacianVariance } from '../../src/main/ml/quality';
import type { Point } from '../../src/main/ml/image';

describe('ROC AUC and best threshold', () => {
  it('is 1 for perfect separation, 0 for inverted, 0.5 for ties', () => {
    expect(rocAuc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(rocAuc([0.1], [0.9])).toBe(0);
    expect(rocAuc([0.5, 0.5], [0.5])).toBe(0.5);
  });

  it('matches a hand-counted case', () => {
    // Of the 2 x 2 (same, different) comparisons, 0.8 beats both and 0.4 beats only 0.3.
    expect(rocAuc([0.8, 0.4], [0.3, 0.6])).toBe(3 / 4);
  });

  it('finds the threshold that best separates, with balanced accuracy', () => {
    const best = bestThreshold([0.9, 0.8, 0.7], [0.1, 0.2, 0.3, 0.75]);
    expect(best.threshold).toBeGreaterThan(0.3);
    expect(best.threshold).toBeLessThanOrEqual(0.7);
    expect(best.accuracy).toBeCloseTo((1 + 3 / 4) / 2);
    expect(bestThreshold([0.9], [0.1]).accuracy).toBe(1);
  });
});

describe('quality', () => {
  const frontal: Point[] = [
    [38.2946, 51.6963],
    [73.5318, 51.5014],
    [56.0252, 71.7366],
    [56.1396, 92.2848],
  ];

  it('frontal keypoints score 1; a turned head and a tilted head score lower', () => {
    expect(frontalnessOf(frontal)).toBeGreaterThan(0.95);
    const turned = frontal.map((p, i) => (i === 2 ? ([p[0] + 20, p[1]] as Point) : p));
    expect(frontalnessOf(turned)).toBeLessThan(0.3);
    const tilted = frontal.map((p, i) => (i === 2 ? ([p[0], p[1] + 12] as Point) : p));
    expect(frontalnessOf(tilted)).toBeLessThan(0.4);
  });

  it('sharp texture has a higher Laplacian variance than a smooth gradient', () => {
    const size = 32;
    const sharp = new Uint8Array(size * size * 3);
    const smooth = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        sharp.fill((x * 7 + y * 13) % 2 ? 200 : 50, (y * size + x) * 3, (y * size + x + 1) * 3);
        smooth.fill(x * 4, (y * size + x) * 3, (y * size + x + 1) * 3);
      }
    expect(laplacianVariance(sharp, size)).toBeGreaterThan(1000);
    expect(laplacianVariance(smooth, size)).toBeLessThan(1);
  });

  it('combines size, sharpness and frontalness; a tiny face scores lower than a large one', () => {
    const size = 32;
    const crop = new Uint8Array(size * size * 3);
    for (let i = 0; i < crop.length; i += 3) crop.fill(((i / 3) * 37) % 256, i, i + 3);
    const big = faceQuality(150, frontal, crop, size);
    const tiny = faceQuality(20, frontal, crop, size);
    expect(big.quality).toBeGreaterThan(0.9);
    expect(tiny.quality).toBeLessThan(big.quality);
    expect(tiny.quality).toBeGreaterThan(0);
  });
});
