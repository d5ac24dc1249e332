/**
 * k-nearest-neighbour queries the clustering needs. At library scale they go to the HNSW vector
 * index (src/main/vectors); `exactNeighbours` answers them by brute force for tests and small sets.
 */
import type { ClusterFace } from '../domain/people';

export interface Neighbour {
  faceId: number;
  /** Cosine distance, 1 - cosine similarity (0 = same direction, 2 = opposite). */
  distance: number;
}

export interface NeighbourSource {
  /**
   * Up to `k` faces nearest to face `faceId`, never the face itself, each within `maxDistance`,
   * nearest first. Synchronous because the HNSW index (hnswlib-node) and brute force both are.
   */
  knn(faceId: number, k: number, maxDistance: number): Neighbour[];
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  // Two accumulators let the JIT overlap the multiply-adds on 1024-d vectors.
  for (; i + 1 < a.length; i += 2) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
  }
  if (i < a.length) s0 += a[i]! * b[i]!;
  return s0 + s1;
}

export function cosineDistance(a: Float32Array, b: Float32Array): number {
  return 1 - dot(a, b);
}

/** Brute force over `faces`: O(n·d) per query, so O(n²·d) for a whole clustering run. */
export function exactNeighbours(faces: readonly ClusterFace[]): NeighbourSource {
  const byId = new Map(faces.map((f) => [f.id, f]));
  return {
    knn(faceId, k, maxDistance) {
      const query = byId.get(faceId);
      if (!query) throw new Error(`face ${faceId} is not in the neighbour set`);
      const found: Neighbour[] = [];
      for (const face of faces) {
        if (face.id === faceId) continue;
        const distance = cosineDistance(query.embedding, face.embedding);
        if (distance <= maxDistance) found.push({ faceId: face.id, distance });
      }
      return found.sort((a, b) => a.distance - b.distance || a.faceId - b.faceId).slice(0, k);
    },
  };
}
