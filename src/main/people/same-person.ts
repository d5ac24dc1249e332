/**
 * "Same person?": pairs of people the clustering left apart that may well be one person (two looks
 * of someone, a cluster the user made beside an automatic one). Two kinds of evidence, both in the
 * recognizer's own terms (the model pack's tuning):
 *
 * - centroids: the distance between two people's mean embeddings, 1 - mean_a · mean_b, is the
 *   average linkage the clustering merges on (average-linkage.ts). A pair is suggested up to a
 *   looser bound than the merge threshold: the distance at which the pack's pair calibration
 *   (`tuning.similarity`, p(same) at even odds) falls to `suggestProbability`. Measured on lfw10 +
 *   tvcast for both packs (src/main/people/README.md, "Same person?").
 * - nearest faces: some face of one within the attach distance of a face of the other, as the
 *   clustering's k-NN found them (face links, recorded by each run).
 */
import type { RecognizerTuning } from '../../shared/model-manifest';
import { clusterDefaults } from './cluster';
import { dot } from './neighbours';
import type { PersonId } from '../domain/people';

/**
 * p(same) of the pack's pair calibration at which two people's centroids stop being suggested:
 * 0.836 for pack v2, 0.471 for v1. With the nearest-face rule, v2 suggests 17 of the 18 look splits
 * of lfw10 + tvcast and 1 of their 153 pairs of different identities; v1 16 and 5 (README).
 */
export const suggestProbability = 0.1;

export interface SamePersonBounds {
  /** Centroid distance up to which a pair is suggested. */
  centroidDistance: number;
  /** Distance between their nearest faces within which a pair is suggested. */
  nearestDistance: number;
}

/** The bounds for a pack's embeddings; without a pack, pack v1's clustering defaults and a bound from its threshold. */
export function samePersonBounds(tuning: Pick<RecognizerTuning, 'clustering' | 'similarity'> | null): SamePersonBounds {
  if (tuning === null) return { centroidDistance: clusterDefaults.threshold, nearestDistance: clusterDefaults.attachDistance };
  const { slope, intercept } = tuning.similarity;
  const similarity = (Math.log(suggestProbability / (1 - suggestProbability)) - intercept) / slope;
  // Never below the merge threshold: what the clustering would merge is always worth a look.
  return { centroidDistance: Math.max(tuning.clustering.threshold, 1 - similarity), nearestDistance: tuning.clustering.attachDistance };
}

/** A person's faces summed (unit vectors), as the linkage needs them. */
export interface PersonCentroid {
  personId: PersonId;
  sum: Float32Array;
  count: number;
}

export interface CentroidPair {
  personId: PersonId;
  otherPersonId: PersonId;
  /** 1 - mean_a · mean_b: the average cosine distance between their faces. */
  distance: number;
}

/** Every pair of people whose centroid distance is at most `maxDistance`, closest first (exact, all pairs). */
export function closeCentroids(people: readonly PersonCentroid[], maxDistance: number): CentroidPair[] {
  const pairs: CentroidPair[] = [];
  for (let i = 0; i < people.length; i++) pairs.push(...closeCentroidsOf(people, i, maxDistance));
  return pairs.sort((x, y) => x.distance - y.distance);
}

/**
 * The pairs of `closeCentroids` between person `i` and the people after it: one row of the work,
 * so that a caller can give the event loop back between rows (thousands of people are millions of pairs).
 */
export function closeCentroidsOf(people: readonly PersonCentroid[], i: number, maxDistance: number): CentroidPair[] {
  const a = people[i]!;
  const pairs: CentroidPair[] = [];
  for (let j = i + 1; j < people.length; j++) {
    const b = people[j]!;
    const distance = centroidDistance(a, b);
    if (distance <= maxDistance) pairs.push(ordered(a.personId, b.personId, distance));
  }
  return pairs;
}

export function centroidDistance(a: PersonCentroid, b: PersonCentroid): number {
  return 1 - dot(a.sum, b.sum) / (a.count * b.count);
}

/** Adds a face to a person's running sum. */
export function addFace(centroid: PersonCentroid, embedding: Float32Array): void {
  for (let i = 0; i < centroid.sum.length; i++) centroid.sum[i]! += embedding[i]!;
  centroid.count++;
}

function ordered(a: PersonId, b: PersonId, distance: number): CentroidPair {
  return a < b ? { personId: a, otherPersonId: b, distance } : { personId: b, otherPersonId: a, distance };
}

/** An unordered pair of people as one key. */
export function pairKey(a: PersonId, b: PersonId): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
