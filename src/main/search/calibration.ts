/**
 * How sure a cosine similarity makes us that a face in the library is the person searched for.
 *
 * Each recognizer spreads similarities differently, so its pack's manifest carries a logistic fit
 * on labelled pairs at even odds (`recognizer.tuning.similarity`):
 *   p_pair = 1 / (1 + exp(-(slope * s + intercept))).
 * A search is not a pair at even odds: nearly every face of a library is someone else, and one
 * query is compared with thousands of faces, so a per-pair false match rate of 1% is hundreds of
 * wrong photos. The confidence shown and used is the posterior under prior odds of 1 : 9 that a
 * face is the person (logit shifted by ln(1/9)). Measured with pack v2 (src/main/search/README.md):
 * the match rule p >= 0.5 then sits at similarity 0.324, where about 0.13% of lfw10's stranger
 * pairs and none of tvcast's pass, against 1.3% at the even-odds point (0.280).
 */
import type { RecognizerTuning } from '../../shared/model-manifest';

export type SimilarityCalibration = RecognizerTuning['similarity'];

/** Prior odds that a face of the library is the person searched for. */
const searchPriorOdds = 1 / 9;
const priorLogit = Math.log(searchPriorOdds);

export function confidenceOf(calibration: SimilarityCalibration, similarity: number): number {
  return 1 / (1 + Math.exp(-(calibration.slope * similarity + calibration.intercept + priorLogit)));
}

export function similarityAt(calibration: SimilarityCalibration, confidence: number): number {
  return (Math.log(confidence / (1 - confidence)) - priorLogit - calibration.intercept) / calibration.slope;
}

/** A face is a match when it is more likely than not the person (after the prior). */
export const matchConfidence = 0.5;

/** "This looks like <name>" only when the best match is this sure. */
export const suggestionConfidence = 0.9;
