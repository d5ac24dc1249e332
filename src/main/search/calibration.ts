/**
 * How sure a cosine similarity makes us that two faces are one person: a logistic fit per
 * recognizer, p = 1 / (1 + exp(-(slope * s + intercept))), stored in the model pack's manifest
 * (`recognizer.tuning.similarity`), since every model spreads similarities differently.
 * The fits and their checks on data they were not fitted on: src/main/search/README.md.
 */
import type { RecognizerTuning } from '../../shared/model-manifest';

export type SimilarityCalibration = RecognizerTuning['similarity'];

export function confidenceOf(calibration: SimilarityCalibration, similarity: number): number {
  return 1 / (1 + Math.exp(-(calibration.slope * similarity + calibration.intercept)));
}

export function similarityAt(calibration: SimilarityCalibration, confidence: number): number {
  return (Math.log(confidence / (1 - confidence)) - calibration.intercept) / calibration.slope;
}

/** A face is a match when it is more likely than not the same person. */
export const matchConfidence = 0.5;

/** "This looks like <name>" only when the best match is this sure. */
export const suggestionConfidence = 0.9;
