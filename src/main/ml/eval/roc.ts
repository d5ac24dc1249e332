/** Verification metrics over similarity scores of same-identity and different-identity pairs. */

/** ROC AUC as the Mann-Whitney probability that a same pair outscores a different pair (ties count half). */
export function rocAuc(same: readonly number[], different: readonly number[]): number {
  if (same.length === 0 || different.length === 0) throw new Error('ROC AUC needs both same and different pairs');
  const all = [...same.map((s) => ({ s, pos: true })), ...different.map((s) => ({ s, pos: false }))].sort((a, b) => a.s - b.s);
  let rankSumPos = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.pos) rankSumPos += midRank;
    i = j;
  }
  const p = same.length;
  return (rankSumPos - (p * (p + 1)) / 2) / (p * different.length);
}

export interface BestThreshold {
  threshold: number;
  /** Balanced accuracy (mean of the same-pair and different-pair hit rates), so the many different pairs do not dominate. */
  accuracy: number;
}

/** The similarity threshold (same if score >= threshold) with the highest balanced accuracy. */
export function bestThreshold(same: readonly number[], different: readonly number[]): BestThreshold {
  const scores = [...same.map((s) => ({ s, pos: true })), ...different.map((s) => ({ s, pos: false }))].sort((a, b) => a.s - b.s);
  // Threshold below everything: every same pair accepted, every different pair rejected wrongly.
  let truePos = same.length;
  let trueNeg = 0;
  let best: BestThreshold = { threshold: scores[0]?.s ?? 0, accuracy: 0.5 };
  for (let i = 0; i < scores.length;) {
    let j = i;
    while (j < scores.length && scores[j]!.s === scores[i]!.s) {
      if (scores[j]!.pos) truePos--;
      else trueNeg++;
      j++;
    }
    // Threshold just above scores[i]: everything up to j is rejected.
    const threshold = j < scores.length ? (scores[i]!.s + scores[j]!.s) / 2 : scores[i]!.s + 1e-6;
    const accuracy = (truePos / same.length + trueNeg / different.length) / 2;
    if (accuracy > best.accuracy) best = { threshold, accuracy };
    i = j;
  }
  return best;
}
