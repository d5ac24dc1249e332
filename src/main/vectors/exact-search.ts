/**
 * Exact (brute-force) nearest neighbours by inner product over a row-major Float32Array.
 * For unit vectors the inner product is the cosine similarity. Used as ground truth in tests and
 * benchmarks, and by the index for small scopes where a graph walk would be slower and less exact.
 */

export interface Neighbor {
  faceId: number;
  similarity: number;
}

/** Top-k of one query: kept sorted best-first; insertion is cheap because k is small. */
class TopK {
  readonly rows: number[] = [];
  readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  /** The score a candidate must beat to enter (ties keep the earlier row, so results are stable). */
  get floor(): number {
    return this.rows.length < this.k ? -Infinity : (this.scores[this.k - 1] as number);
  }

  push(row: number, score: number): void {
    let at = this.rows.length;
    while (at > 0 && (this.scores[at - 1] as number) < score) at--;
    this.rows.splice(at, 0, row);
    this.scores.splice(at, 0, score);
    if (this.rows.length > this.k) {
      this.rows.pop();
      this.scores.pop();
    }
  }
}

/** Inner product of the row at `offset` of `matrix` with `query`. */
export function dot(matrix: Float32Array, offset: number, query: Float32Array, dim: number): number {
  // Four accumulators let the JIT overlap the multiply-adds.
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < dim; i += 4) {
    a += (matrix[offset + i] as number) * (query[i] as number);
    b += (matrix[offset + i + 1] as number) * (query[i + 1] as number);
    c += (matrix[offset + i + 2] as number) * (query[i + 2] as number);
    d += (matrix[offset + i + 3] as number) * (query[i + 3] as number);
  }
  for (; i < dim; i++) a += (matrix[offset + i] as number) * (query[i] as number);
  return a + b + c + d;
}

/**
 * Top-k rows of `matrix` (rows of `dim` floats) for each query, best first. Rows are scanned once
 * for all queries, so a batch of queries costs one pass over memory. `labels[row]` names each row
 * (face id); without labels the row number is the id.
 */
export function exactSearchMany(matrix: Float32Array, dim: number, queries: readonly Float32Array[], k: number, labels?: ArrayLike<number>): Neighbor[][] {
  if (matrix.length % dim !== 0) throw new Error(`exactSearch: matrix length ${matrix.length} is not a multiple of dim ${dim}`);
  for (const query of queries) {
    if (query.length !== dim) throw new Error(`exactSearch: query has ${query.length} values, expected ${dim}`);
  }
  const rows = matrix.length / dim;
  if (labels && labels.length !== rows) throw new Error(`exactSearch: ${labels.length} labels for ${rows} rows`);
  const tops = queries.map(() => new TopK(Math.max(0, Math.min(k, rows))));
  for (let row = 0; row < rows; row++) {
    const offset = row * dim;
    for (let q = 0; q < queries.length; q++) {
      const top = tops[q] as TopK;
      const score = dot(matrix, offset, queries[q] as Float32Array, dim);
      if (score > top.floor) top.push(row, score);
    }
  }
  return tops.map((top) => top.rows.map((row, i) => ({ faceId: labels ? (labels[row] as number) : row, similarity: top.scores[i] as number })));
}

export function exactSearch(matrix: Float32Array, dim: number, query: Float32Array, k: number, labels?: ArrayLike<number>): Neighbor[] {
  return exactSearchMany(matrix, dim, [query], k, labels)[0] as Neighbor[];
}
