/**
 * The p(same | similarity) fit on synthetic scores whose true curve is known: two Gaussian classes
 * with one variance have a log-likelihood ratio linear in the score, slope (mu1 - mu0) / sigma^2 and
 * intercept -(mu1^2 - mu0^2) / (2 sigma^2), which is exactly what an even-odds fit must recover.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic, quantile, scoreAtProbability } from '../../src/main/ml/eval/logistic-fit';

/** Deterministic N(mean, sd) samples: mulberry32 + Box-Muller. */
function gaussians(n: number, mean: number, sd: number, seed: number): number[] {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

describe('logistic calibration fit', () => {
  it('recovers the known slope and intercept at even odds, whatever the class sizes', () => {
    const [mu1, mu0, sigma] = [0.6, 0.1, 0.1];
    const slope = (mu1 - mu0) / sigma ** 2; // 50
    const intercept = -(mu1 ** 2 - mu0 ** 2) / (2 * sigma ** 2); // -17.5
    // Ten times more different pairs than same pairs, like an all-pairs evaluation set.
    const fit = fitLogistic(gaussians(20_000, mu1, sigma, 1), gaussians(200_000, mu0, sigma, 2));
    expect(fit.slope).toBeCloseTo(slope, -0.5); // within 1.5
    expect(fit.intercept).toBeCloseTo(intercept, -0.5);
    expect(fit.separable).toBe(false);
    expect(fit.iterations).toBeLessThan(30);
    // Even odds: p = 0.5 halfway between the class means; an unweighted fit would sit ~0.05 higher.
    expect(scoreAtProbability(fit, 0.5)).toBeCloseTo((mu0 + mu1) / 2, 2);
    expect(scoreAtProbability(fit, 0.9) - scoreAtProbability(fit, 0.5)).toBeCloseTo(Math.log(9) / slope, 2);
  });

  it('is deterministic and does not depend on the order of the scores', () => {
    const same = gaussians(500, 0.5, 0.15, 3);
    const different = gaussians(3000, 0.1, 0.1, 4);
    const a = fitLogistic(same, different);
    expect(fitLogistic(same, different)).toEqual(a);
    const b = fitLogistic([...same].reverse(), [...different].reverse());
    expect(b.slope).toBeCloseTo(a.slope, 9);
    expect(b.intercept).toBeCloseTo(a.intercept, 9);
  });

  it('stays finite on separable classes and puts p = 0.5 between them', () => {
    const fit = fitLogistic([0.8, 0.9, 0.85], [0.1, 0.2, 0.3, 0.25]);
    expect(fit.separable).toBe(true);
    expect(Number.isFinite(fit.slope) && fit.slope > 0).toBe(true);
    const middle = scoreAtProbability(fit, 0.5);
    expect(middle).toBeGreaterThan(0.3);
    expect(middle).toBeLessThan(0.8);
  });

  it('refuses an empty class', () => {
    expect(() => fitLogistic([], [0.1])).toThrow(/both/);
  });
});

describe('quantile', () => {
  it('interpolates between order statistics like numpy', () => {
    const sorted = [1, 2, 3, 4, 5];
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 0.5)).toBe(3);
    expect(quantile(sorted, 1)).toBe(5);
    expect(quantile(sorted, 0.1)).toBeCloseTo(1.4);
    expect(quantile([7], 0.99)).toBe(7);
  });
});
