/**
 * Search without a graph: every face compared with the query. What answers while the index is
 * built or caught up in the background, so search never waits for it and is exact meanwhile.
 */
import type { Neighbor } from './exact-search';
import { unitVector, type FaceVector } from './face-vector';

/** What search needs of a face index; `VectorIndex` is one, `ExactFaceScan` the other. */
export interface FaceSearcher {
  /** Searchable faces. */
  readonly count: number;
  search(vector: Float32Array, k: number): Neighbor[];
  searchWithin(vector: Float32Array, k: number, faceIds: Iterable<number>): Neighbor[];
}

/** Where the scan reads embeddings (the catalog), read afresh by every search. */
export interface ExactScanSource {
  dim: number;
  count(): number;
  all(): Iterable<FaceVector>;
  some(faceIds: readonly number[]): Iterable<FaceVector>;
}

export class ExactFaceScan implements FaceSearcher {
  /** The last library-wide query and every face ranked for it: a search asks again with a larger k. */
  private lastQuery: Float32Array | null = null;
  private lastRanking: Ranking | null = null;

  constructor(private readonly source: ExactScanSource) {}

  get count(): number {
    return this.source.count();
  }

  search(vector: Float32Array, k: number): Neighbor[] {
    if (this.lastQuery !== vector || this.lastRanking === null) {
      this.lastRanking = rank(this.source.all(), unitVector(vector, this.source.dim, 'query'));
      this.lastQuery = vector;
    }
    return this.lastRanking.top(k);
  }

  searchWithin(vector: Float32Array, k: number, faceIds: Iterable<number>): Neighbor[] {
    return rank(this.source.some([...new Set(faceIds)]), unitVector(vector, this.source.dim, 'query')).top(k);
  }
}

interface Ranking {
  top(k: number): Neighbor[];
}

/**
 * Every face's cosine similarity to the (unit) query, best first. Sorting all of them (~20 ms at
 * 100k) costs the same for any k, where keeping a sorted top-k costs k per insertion.
 */
function rank(faces: Iterable<FaceVector>, query: Float32Array): Ranking {
  const ids: number[] = [];
  const scores: number[] = [];
  for (const { faceId, vector } of faces) {
    if (vector.length !== query.length) throw new Error(`vector index: embedding of face ${faceId} has ${vector.length} values, expected ${query.length}`);
    let dot = 0;
    let squares = 0;
    for (let i = 0; i < vector.length; i++) {
      const value = vector[i] as number;
      dot += value * (query[i] as number);
      squares += value * value;
    }
    ids.push(faceId);
    scores.push(squares > 0 ? dot / Math.sqrt(squares) : -Infinity);
  }
  const order = Uint32Array.from(ids.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number) || (ids[a] as number) - (ids[b] as number));
  return {
    top: (k) => Array.from(order.subarray(0, Math.max(0, k)), (row) => ({ faceId: ids[row] as number, similarity: scores[row] as number })),
  };
}
