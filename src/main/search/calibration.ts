/**
 * How sure a cosine similarity makes us that two faces are one person (faceres embeddings,
 * bundled pack v1.0.0).
 *
 * Fit: logistic regression p = 1 / (1 + exp(-(slope * s + intercept))) on every pair of lfw10's
 * 100 largest faces (450 same-person pairs, 4500 different-person pairs), the two classes weighted
 * equally, so p is the probability under even odds. Measured on that set:
 *   same-person similarity:      1% 0.500, 5% 0.593, median 0.711
 *   different-person similarity: median 0.452, 95% 0.566, 99% 0.607, 99.9% 0.640, max 0.663
 *   p = 0.5 at 0.580 (balanced accuracy 0.964; the best single threshold, 0.600, gives 0.966)
 *   p = 0.9 at 0.630, p = 0.1 at 0.529
 * Checked on tvcast (80 / 700 pairs), which it was not fitted on: its own fit puts p = 0.5 at 0.524;
 * with this one, tvcast's balanced accuracy is 0.91 (best possible 0.92 at 0.565).
 * The same numbers come out of `facet eval verify` (ROC) on these folders.
 */
export const similarityCalibration = { slope: 43.275, intercept: -25.082 } as const;

export function confidenceOf(similarity: number): number {
  return 1 / (1 + Math.exp(-(similarityCalibration.slope * similarity + similarityCalibration.intercept)));
}

export function similarityAt(confidence: number): number {
  return (Math.log(confidence / (1 - confidence)) - similarityCalibration.intercept) / similarityCalibration.slope;
}

/** A face is a match when it is more likely than not the same person (similarity >= 0.580). */
export const matchConfidence = 0.5;

/** "This looks like <name>" only when the best match is this sure (similarity >= 0.630). */
export const suggestionConfidence = 0.9;
