/**
 * Search without a graph: every face compared with the query. What answers while the index is
 * built or caught up in the background, so search never waits for it and is exact meanwhile.
 *
 * The embeddings are read from the catalog once and held (at 100k faces reading them took ~0.6 s
 * of the engine's thread per search, and every API call meanwhile waited): faces stored or hidden
 * since are told (`stored`, `unsearchable`) and read or dropped at the next search, and after
 * `reread` (faces deleted with their photos, what the index learns from a reconcile) the catalog
 * is read again. Nothing is counted per search: a count of the searchable faces is a scan of
 * the faces table (~0.1-0.3 s at 100k on this machine).
 */
import type { Neighbor } from './exact-search';
import { unitVector, type FaceVector } from './face-vector';
import { HeldVectors } from './held-vectors';

/** What search needs of a face index; `VectorIndex` is one, `ExactFaceScan` the other. */
export interface FaceSearcher {
  /** Searchable faces. */
  readonly count: number;
  search(vector: Float32Array, k: number): Neighbor[];
  searchWithin(vector: Float32Array, k: number, faceIds: Iterable<number>): Neighbor[];
}

/** Where the scan reads embeddings (the catalog). */
export interface ExactScanSource {
  dim: number;
  /** How many searchable faces there are, and the highest id. */
  state(): { count: number; lastFaceId: number };
  all(): Iterable<FaceVector>;
  some(faceIds: readonly number[]): Iterable<FaceVector>;
}

/**
 * Most faces whose embeddings the scan holds (~2 KB each at 512-d: 500 MB); a larger catalog is
 * read at every search instead, as before.
 */
export const MOST_FACES_HELD = 250_000;

export class ExactFaceScan implements FaceSearcher {
  /** The last library-wide query and every face ranked for it: a search asks again with a larger k. */
  private lastQuery: Float32Array | null = null;
  private lastRanking: Ranking | null = null;
  /** The embeddings read so far; null until the first library-wide search. */
  private held: HeldVectors | null = null;
  /** The catalog had more than `mostHeld` faces when last read: it is read at every search. */
  private tooMany = false;
  /** Faces stored (or stored again) since they were read, and faces no longer searchable. */
  private readonly storedMeanwhile = new Set<number>();
  private readonly goneMeanwhile = new Set<number>();

  constructor(
    private readonly source: ExactScanSource,
    private readonly mostHeld = MOST_FACES_HELD,
  ) {}

  get count(): number {
    return this.held?.size ?? this.source.state().count;
  }

  search(vector: Float32Array, k: number): Neighbor[] {
    if (this.lastQuery !== vector || this.lastRanking === null) {
      const query = unitVector(vector, this.source.dim, 'query');
      const held = this.heldFaces();
      this.lastRanking = held === null ? rank(this.source.all(), query) : ranking(held.scores(query));
      this.lastQuery = vector;
    }
    return this.lastRanking.top(k);
  }

  /** The catalog stored these faces (new, or with a new embedding). */
  stored(faceIds: Iterable<number>): void {
    for (const id of faceIds) {
      this.storedMeanwhile.add(id);
      this.goneMeanwhile.delete(id);
    }
    this.lastRanking = null;
  }

  /** These faces are searchable no more. */
  unsearchable(faceIds: Iterable<number>): void {
    for (const id of faceIds) {
      this.goneMeanwhile.add(id);
      this.storedMeanwhile.delete(id);
    }
    this.lastRanking = null;
  }

  /** The catalog may hold other faces than it was told: read it all again at the next search. */
  reread(): void {
    this.held = null;
    this.tooMany = false;
    this.lastRanking = null;
  }

  /** The held copy brought up to date; null past MOST_FACES_HELD (the catalog is read instead). */
  private heldFaces(): HeldVectors | null {
    if (this.tooMany) return null;
    if (this.held === null) {
      const { count } = this.source.state();
      this.tooMany = count > this.mostHeld;
      if (this.tooMany) return null;
      this.held = new HeldVectors(this.source.dim, count);
      for (const face of this.source.all()) this.held.add(face);
    } else {
      for (const id of [...this.goneMeanwhile, ...this.storedMeanwhile]) this.held.remove(id);
      for (const face of this.source.some([...this.storedMeanwhile])) this.held.add(face);
    }
    this.goneMeanwhile.clear();
    this.storedMeanwhile.clear();
    return this.held;
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
  return ranking({ ids, scores });
}

/**
 * The best k by score (ties by face id), found per call: the k-th best score by selection, then
 * only the faces at or above it sorted (sorting all 100k took ~40 ms of CPU, this ~5).
 */
function ranking({ ids, scores }: { ids: readonly number[]; scores: ArrayLike<number> }): Ranking {
  return {
    top(k) {
      const take = Math.min(Math.max(0, k), ids.length);
      if (take === 0) return [];
      const floor = kthLargest(Float64Array.from(scores), take);
      const rows: number[] = [];
      for (let row = 0; row < ids.length; row++) if ((scores[row] as number) >= floor) rows.push(row);
      rows.sort((a, b) => (scores[b] as number) - (scores[a] as number) || (ids[a] as number) - (ids[b] as number));
      return rows.slice(0, take).map((row) => ({ faceId: ids[row] as number, similarity: scores[row] as number }));
    },
  };
}

/** The k-th largest value (1-based) of `values`, which it reorders (Hoare's selection). */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target] as number;
}
