/** Synthetic face embeddings: identities are random unit centres, faces are noisy copies of them. */
import type { ClusterFace } from '../../src/main/people';

export interface SyntheticFace extends ClusterFace {
  identity: string;
}

import { seededRandom } from '../fixtures/seeded-random';

/** Deterministic PRNG so every run sees the same faces. */
export const random = seededRandom;

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function normalize(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export function randomUnit(rand: () => number, dim: number): Float32Array {
  return normalize(Float32Array.from({ length: dim }, () => gaussian(rand)));
}

/** `spread` is the expected cosine distance between two faces of one identity. */
export function noisyCopy(centre: Float32Array, spread: number, rand: () => number): Float32Array {
  // For x = c + n, n ~ N(0, s²I): E[cos(x, x')] ~ 1 / (1 + d·s²).
  const s = Math.sqrt(1 / (1 - spread) - 1) / Math.sqrt(centre.length);
  return normalize(centre.map((c) => c + s * gaussian(rand)));
}

/** Point on the great circle from a to b, t in 0..1. */
export function between(a: Float32Array, b: Float32Array, t: number): Float32Array {
  return normalize(a.map((x, i) => (1 - t) * x + t * b[i]!));
}

export interface SyntheticOptions {
  identities: number;
  facesEach: number;
  spread: number;
  dim?: number;
  seed?: number;
  firstId?: number;
  quality?: number;
}

export function syntheticFaces(options: SyntheticOptions): { faces: SyntheticFace[]; centres: Float32Array[] } {
  const rand = random(options.seed ?? 1);
  const dim = options.dim ?? 64;
  const centres = Array.from({ length: options.identities }, () => randomUnit(rand, dim));
  const faces: SyntheticFace[] = [];
  let id = options.firstId ?? 1;
  // Interleave identities, as photos of different people arrive mixed.
  for (let n = 0; n < options.facesEach; n++) {
    centres.forEach((centre, i) => {
      faces.push({ id: id++, identity: `p${i}`, embedding: noisyCopy(centre, options.spread, rand), quality: options.quality ?? 0.9 });
    });
  }
  return { faces, centres };
}

/** Faces grouped by assigned person (null = unsorted), as sorted lists of identities, for readable assertions. */
export function groupsOf(faces: readonly SyntheticFace[], assignments: Map<number, number | null>): string[][] {
  const groups = new Map<number, string[]>();
  for (const face of faces) {
    const p = assignments.get(face.id);
    if (p == null) continue;
    groups.set(p, [...(groups.get(p) ?? []), face.identity]);
  }
  return [...groups.values()].map((g) => g.sort());
}
