/**
 * How synthetic faces are held to real ones: three statistics of people's embeddings, how many
 * dimensions a person's faces vary in (participation ratio of the within-person residuals), how
 * alike two faces of one person are, and how alike faces of different people are. Shared by
 * bench/calibrate-shape.ts, which fits a shape to a pack's real embeddings, and
 * test/vectors/synthetic-calibration.test.ts, which holds the fitted shapes to them.
 */
import path from 'node:path';
import { embedLabelledFaces } from '../src/main/ml/eval/labelled-faces';
import { createFaceGenerator, facesInGroups, type FaceGenerator, type FaceShape } from './vectors-synthetic';

/** Each person's embeddings. */
export type People = readonly (readonly Float32Array[])[];

export interface ShapeStatistics {
  participationRatio: number;
  /** Median cosine between two faces of one person. */
  sameMedian: number;
  /** Mean and standard deviation of the cosine between faces of different people. */
  stranger: { mean: number; sd: number };
}

/** How close a synthetic statistic must come to the real one (relative for the ratio and the sd). */
export const tolerance = { participationRatio: 0.15, sameMedian: 0.05, strangerMean: 0.03, strangerSd: 0.15 };

/** The labelled sets the shapes are calibrated on (folders of person folders under the datasets folder). */
export const calibrationSets = ['lfw10', 'tvcast'];

/**
 * The real people of the calibration sets as `packDir`'s recognizer embeds them: the largest face
 * of each image (loadFaceModels + detectAndEmbed), people with at least two faces.
 */
export async function realPeople(datasetsDir: string, packDir: string, cacheDir?: string | null): Promise<Float32Array[][]> {
  const root = calibrationSets.map((set) => path.join(datasetsDir, set));
  const { faces } = await embedLabelledFaces({ root, packDir, cacheDir });
  const byIdentity = new Map<string, Float32Array[]>();
  for (const face of faces) byIdentity.set(face.identity, [...(byIdentity.get(face.identity) ?? []), face.embedding]);
  return [...byIdentity.values()].filter((group) => group.length >= 2);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot;
}

export function medianSameCosine(groups: People): number {
  const cosines: number[] = [];
  for (const faces of groups) faces.forEach((a, i) => faces.slice(i + 1).forEach((b) => cosines.push(cosine(a, b))));
  cosines.sort((x, y) => x - y);
  return cosines[Math.floor(cosines.length / 2)] as number;
}

export function strangerCosines(groups: People): { mean: number; sd: number } {
  const cosines: number[] = [];
  groups.forEach((faces, i) => groups.slice(i + 1).forEach((others) => faces.forEach((a) => others.forEach((b) => cosines.push(cosine(a, b))))));
  const mean = cosines.reduce((sum, c) => sum + c, 0) / cosines.length;
  return { mean, sd: Math.sqrt(cosines.reduce((sum, c) => sum + (c - mean) ** 2, 0) / cosines.length) };
}

/**
 * Effective dimension of how faces of one person vary: the participation ratio
 * (sum of eigenvalues)^2 / (sum of squared eigenvalues) of the residuals from each person's mean,
 * computed on the Gram matrix (same nonzero eigenvalues as the covariance). `groups` holds each
 * person's embeddings.
 */
export function withinPersonParticipationRatio(groups: People): number {
  const residuals: Float32Array[] = [];
  for (const faces of groups) {
    const dim = faces[0]?.length ?? 0;
    const mean = new Float32Array(dim);
    for (const face of faces) for (let i = 0; i < dim; i++) mean[i] = (mean[i] as number) + (face[i] as number) / faces.length;
    for (const face of faces) residuals.push(face.map((value, i) => value - (mean[i] as number)));
  }
  let trace = 0;
  let frobenius = 0;
  for (const a of residuals) {
    for (const b of residuals) {
      let dot = 0;
      for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
      if (a === b) trace += dot;
      frobenius += dot * dot;
    }
  }
  return (trace * trace) / frobenius;
}

export function statisticsOf(groups: People): ShapeStatistics {
  return { participationRatio: withinPersonParticipationRatio(groups), sameMedian: medianSameCosine(groups), stranger: strangerCosines(groups) };
}

/** Synthetic people in the real group sizes, `repeats` times over. */
export function syntheticLike(real: People, generator: FaceGenerator, repeats = 1): Float32Array[][] {
  const sizes = Array.from({ length: repeats }, () => real.map((group) => group.length)).flat();
  return facesInGroups(generator, sizes);
}

/**
 * Seeds of the synthetic draws whose statistics are averaged: one draw in the real group sizes
 * (140 faces) moves the same-person median by up to 0.05 from seed to seed, as much as the
 * tolerance, so a shape fitted to one draw would be fitted to its luck.
 */
const drawSeeds = [1, 2, 3, 4, 5, 6];

/**
 * The statistics of a shape drawn in the real group sizes, averaged over draws: the participation
 * ratio from draws of exactly the real sizes (it grows with the number of faces), the cosines from
 * draws four times as large.
 */
export function syntheticStatistics(real: People, shape: FaceShape, dim: number): ShapeStatistics {
  const draws = drawSeeds.map((seed): ShapeStatistics => {
    const generator = createFaceGenerator({ dim, identityCount: 4000, seed, shape });
    const many = syntheticLike(real, generator, 4);
    return {
      participationRatio: withinPersonParticipationRatio(syntheticLike(real, generator)),
      sameMedian: medianSameCosine(many),
      stranger: strangerCosines(many),
    };
  });
  const mean = (pick: (s: ShapeStatistics) => number) => draws.reduce((sum, s) => sum + pick(s), 0) / draws.length;
  return {
    participationRatio: mean((s) => s.participationRatio),
    sameMedian: mean((s) => s.sameMedian),
    stranger: { mean: mean((s) => s.stranger.mean), sd: mean((s) => s.stranger.sd) },
  };
}

/** How far each synthetic statistic is from the real one, as a signed share of its tolerance. */
export function toleranceShares(real: ShapeStatistics, synthetic: ShapeStatistics): number[] {
  return [
    (synthetic.participationRatio - real.participationRatio) / real.participationRatio / tolerance.participationRatio,
    (synthetic.sameMedian - real.sameMedian) / tolerance.sameMedian,
    (synthetic.stranger.mean - real.stranger.mean) / tolerance.strangerMean,
    (synthetic.stranger.sd - real.stranger.sd) / real.stranger.sd / tolerance.strangerSd,
  ];
}

/** The largest share of its tolerance any statistic uses: a shape matches when this is below 1. */
export function calibrationError(real: ShapeStatistics, synthetic: ShapeStatistics): number {
  return Math.max(...toleranceShares(real, synthetic).map(Math.abs));
}

export function formatStatistics({ participationRatio, sameMedian, stranger }: ShapeStatistics): string {
  return `participation ratio ${participationRatio.toFixed(1)}, same-person median cosine ${sameMedian.toFixed(3)}, stranger cosine mean ${stranger.mean.toFixed(3)} sd ${stranger.sd.toFixed(3)}`;
}
