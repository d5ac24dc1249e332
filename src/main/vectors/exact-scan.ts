/**
 * Search without a graph: every face compared with the query. What answers while the index is
 * built or caught up in the background, so search never waits for it and is exact meanwhile.
 */
import { exactSearch, type Neighbor } from './exact-search';
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

/** Rows compared per pass of `exactSearch`: a few MB, so a scan never holds the library at once. */
const rowsPerPage = 4096;

export class ExactFaceScan implements FaceSearcher {
  constructor(private readonly source: ExactScanSource) {}

  get count(): number {
    return this.source.count();
  }

  search(vector: Float32Array, k: number): Neighbor[] {
    return this.scan(this.source.all(), vector, k);
  }

  searchWithin(vector: Float32Array, k: number, faceIds: Iterable<number>): Neighbor[] {
    return this.scan(this.source.some([...new Set(faceIds)]), vector, k);
  }

  private scan(faces: Iterable<FaceVector>, vector: Float32Array, k: number): Neighbor[] {
    const { dim } = this.source;
    const query = unitVector(vector, dim, 'query');
    const matrix = new Float32Array(rowsPerPage * dim);
    const labels: number[] = [];
    let best: Neighbor[] = [];
    const searchPage = () => {
      const found = exactSearch(matrix.subarray(0, labels.length * dim), dim, query, k, labels);
      best = [...best, ...found].sort((a, b) => b.similarity - a.similarity).slice(0, k);
      labels.length = 0;
    };
    for (const face of faces) {
      matrix.set(unitVector(face.vector, dim, `embedding of face ${face.faceId}`), labels.length * dim);
      labels.push(face.faceId);
      if (labels.length === rowsPerPage) searchPage();
    }
    if (labels.length > 0) searchPage();
    return best;
  }
}
