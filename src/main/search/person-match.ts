/**
 * Which people a query is, decided the way the clustering decides it for a new face: by its mean
 * similarity to all of a person's faces (average linkage), which must reach 1 - the merge
 * threshold of the model's tuning. One face of a person can look like anyone; the mean over a
 * person's faces cannot, so a person's verdict overrules a single face's (matching respects people).
 */
import { cosineSimilarity } from '../ml/face-recognition';
import type { QueryVector } from './query-vector';

export interface PersonFace {
  id: number;
  sha256: string;
  embedding: Float32Array;
}

export interface PersonMatch {
  personId: number;
  /** Mean similarity of the query to the person's faces. */
  meanSimilarity: number;
  faces: PersonFace[];
}

/**
 * People with fewer faces than this are judged like a single face (the face match bar): a mean
 * over one or two faces is no steadier than one similarity.
 */
const steadyPersonFaces = 3;

export interface PersonBars {
  /** Mean similarity a person of `steadyPersonFaces` or more faces needs (1 - merge threshold). */
  person: number;
  /** What a single face needs (the calibrated match bar). */
  face: number;
}

/** The candidates the query matches as people, best first. */
export function matchPeople(query: QueryVector, candidates: ReadonlyMap<number, PersonFace[]>, bars: PersonBars): PersonMatch[] {
  const matches: PersonMatch[] = [];
  for (const [personId, faces] of candidates) {
    if (faces.length === 0) continue;
    const meanSimilarity = meanSimilarityTo(query, faces);
    const bar = faces.length >= steadyPersonFaces ? bars.person : bars.face;
    if (meanSimilarity >= bar) matches.push({ personId, meanSimilarity, faces });
  }
  return matches.sort((a, b) => b.meanSimilarity - a.meanSimilarity);
}

/** The query's mean similarity to its references, for one face (query-vector.ts). */
export function similarityTo(query: QueryVector, embedding: Float32Array): number {
  return cosineSimilarity(query.direction, embedding) * query.length;
}

function meanSimilarityTo(query: QueryVector, faces: readonly PersonFace[]): number {
  let sum = 0;
  for (const face of faces) sum += similarityTo(query, face.embedding);
  return sum / faces.length;
}
