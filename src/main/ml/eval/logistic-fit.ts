/**
 * Calibration of a similarity score into p(same person | s) = 1 / (1 + exp(-(slope * s + intercept))),
 * the form model packs carry in `recognizer.tuning.similarity`.
 *
 * Fitted by weighted maximum likelihood with both classes given the same total weight ("even
 * odds"): an evaluation set has ~10x more different-person pairs than same-person pairs, and a
 * library's ratio is something else again, so the fitted curve answers "how much does this score
 * favour same over different", and callers apply their own prior. Newton's method (IRLS) on two
 * parameters from (0, 0) with step halving is deterministic and converges in a handful of steps.
 */

export interface LogisticFit {
  slope: number;
  intercept: number;
  /** Newton steps taken. */
  iterations: number;
  /** The two classes do not overlap: the unregularized fit would be infinitely steep (see RIDGE). */
  separable: boolean;
}

/**
 * A tiny L2 penalty on the slope so separable data still has a finite optimum; on real, overlapping
 * scores it moves the slope by well under 0.1%.
 */
const RIDGE = 1e-7;
const MAX_ITERATIONS = 100;

export function fitLogistic(same: readonly number[], different: readonly number[]): LogisticFit {
  if (same.length === 0 || different.length === 0) throw new Error('a calibration fit needs both same and different pairs');
  const wSame = 0.5 / same.length;
  const wDifferent = 0.5 / different.length;

  // Weighted negative log-likelihood (+ ridge), its gradient and Hessian in (slope, intercept).
  const loss = (a: number, b: number): number => {
    let total = (RIDGE / 2) * a * a;
    for (const s of same) total += wSame * softplus(-(a * s + b));
    for (const s of different) total += wDifferent * softplus(a * s + b);
    return total;
  };

  let slope = 0;
  let intercept = 0;
  let current = loss(slope, intercept);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations++) {
    let gA = RIDGE * slope;
    let gB = 0;
    let hAA = RIDGE;
    let hAB = 0;
    let hBB = 0;
    const accumulate = (s: number, y: number, w: number) => {
      const p = sigmoid(slope * s + intercept);
      const r = w * (p - y);
      const v = w * p * (1 - p);
      gA += r * s;
      gB += r;
      hAA += v * s * s;
      hAB += v * s;
      hBB += v;
    };
    for (const s of same) accumulate(s, 1, wSame);
    for (const s of different) accumulate(s, 0, wDifferent);
    const det = hAA * hBB - hAB * hAB;
    if (!(det > 0)) break;
    const stepA = (hBB * gA - hAB * gB) / det;
    const stepB = (hAA * gB - hAB * gA) / det;
    // Step halving keeps every step downhill (a full Newton step can overshoot far from the optimum).
    let t = 1;
    let next = loss(slope - stepA, intercept - stepB);
    while (next > current && t > 1e-8) {
      t /= 2;
      next = loss(slope - t * stepA, intercept - t * stepB);
    }
    if (next > current) break;
    slope -= t * stepA;
    intercept -= t * stepB;
    const converged = current - next < 1e-15 && Math.abs(t * stepA) < 1e-9 * Math.max(1, Math.abs(slope));
    current = next;
    if (converged) {
      iterations++;
      break;
    }
  }
  return { slope, intercept, iterations, separable: different.reduce((m, s) => Math.max(m, s), -Infinity) < same.reduce((m, s) => Math.min(m, s), Infinity) };
}

/** The score at which the fitted curve gives probability p. */
export function scoreAtProbability(fit: Pick<LogisticFit, 'slope' | 'intercept'>, p: number): number {
  return (Math.log(p / (1 - p)) - fit.intercept) / fit.slope;
}

/** Quantile q (0..1) of the values, linearly interpolated between order statistics (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** log(1 + exp(x)) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
