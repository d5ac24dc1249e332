/**
 * k-NN answered from a table computed beforehand. A full clustering asks one search per face; at
 * library scale (100k faces, ~3 ms per HNSW search) that is minutes, so the searches run here in
 * slices that give the event loop back, and the clustering then reads the table synchronously.
 */
import { nextTurn } from '../next-turn';
import type { Neighbour, NeighbourSource } from './neighbours';
import type { ClusterFace } from '../domain/people';

/** How far each face's row reaches: its `k` nearest within `maxDistance`. */
export interface NeighbourReach {
  k: number;
  maxDistance: number;
}

export interface PrecomputeOptions {
  /** Searching runs this long before it yields to the event loop (default 30 ms; 0 yields after every face). */
  sliceMs?: number;
  /** Called at each yield with the faces searched so far. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between slices, rejecting with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * A table as typed arrays, for a worker thread: posted with its buffers transferred, it costs no
 * copy and no per-row objects. Row i is face `faceIds[i]`; its neighbours, nearest first, are
 * `neighbourIds` and `distances` from `offsets[i]` up to `offsets[i + 1]`.
 */
export interface TransferredNeighbours {
  reach: NeighbourReach;
  faceIds: Int32Array;
  offsets: Int32Array;
  neighbourIds: Int32Array;
  /** Float64, as searched: the worker must see the very distances this thread would. */
  distances: Float64Array;
  /** The faces `keepOnly` left (null: it was not called). */
  keepOnly: Int32Array | null;
}

export class NeighbourTable implements NeighbourSource {
  private readonly rows = new Map<number, Neighbour[]>();
  private allowed: ReadonlySet<number> | null = null;

  constructor(readonly reach: Readonly<NeighbourReach>) {}

  static fromTransfer(transferred: TransferredNeighbours): NeighbourTable {
    const { faceIds, offsets, neighbourIds, distances, keepOnly } = transferred;
    const table = new NeighbourTable({ ...transferred.reach });
    faceIds.forEach((faceId, i) => {
      const row: Neighbour[] = [];
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) row.push({ faceId: neighbourIds[j]!, distance: distances[j]! });
      table.rows.set(faceId, row);
    });
    if (keepOnly) table.allowed = new Set(keepOnly);
    return table;
  }

  toTransfer(): TransferredNeighbours {
    const faceIds = new Int32Array(this.rows.size);
    const offsets = new Int32Array(this.rows.size + 1);
    let total = 0;
    for (const row of this.rows.values()) total += row.length;
    const neighbourIds = new Int32Array(total);
    const distances = new Float64Array(total);
    let i = 0;
    let at = 0;
    for (const [faceId, row] of this.rows) {
      faceIds[i] = faceId;
      for (const n of row) {
        neighbourIds[at] = n.faceId;
        distances[at++] = n.distance;
      }
      offsets[++i] = at;
    }
    const keepOnly = this.allowed && Int32Array.from(this.allowed);
    return { reach: { ...this.reach }, faceIds, offsets, neighbourIds, distances, keepOnly };
  }

  has(faceId: number): boolean {
    return this.rows.has(faceId);
  }

  /** Searches `source` for the face's row, unless it has one. */
  add(source: NeighbourSource, face: ClusterFace): void {
    if (!this.rows.has(face.id)) this.rows.set(face.id, source.knn(face.id, this.reach.k, this.reach.maxDistance));
  }

  /** From now on only these faces are answered and found (faces that left the catalog meanwhile drop out). */
  keepOnly(faceIds: ReadonlySet<number>): void {
    for (const id of this.rows.keys()) if (!faceIds.has(id)) this.rows.delete(id);
    this.allowed = faceIds;
  }

  knn(faceId: number, k: number, maxDistance: number): Neighbour[] {
    if (k > this.reach.k || maxDistance > this.reach.maxDistance) {
      throw new Error(
        `neighbour table holds ${this.reach.k} neighbours within ${this.reach.maxDistance}; ` +
          `asked for ${k} within ${maxDistance} (derive the table's reach from the same cluster options)`,
      );
    }
    const row = this.rows.get(faceId);
    if (!row) throw new Error(`face ${faceId} is not in the neighbour table`);
    const allowed = this.allowed;
    const found: Neighbour[] = [];
    for (const n of row) {
      if (found.length === k) break;
      if (n.distance <= maxDistance && (allowed === null || allowed.has(n.faceId))) found.push(n);
    }
    return found;
  }
}

/**
 * Each face's row of `source`, searched in slices of `sliceMs` with the event loop served between
 * them. Only reads embeddings; what the clustering decides is read once this has resolved.
 */
export async function precomputeNeighbours(
  source: NeighbourSource,
  faces: readonly ClusterFace[],
  reach: NeighbourReach,
  options: PrecomputeOptions = {},
): Promise<NeighbourTable> {
  const sliceMs = options.sliceMs ?? 30;
  const table = new NeighbourTable(reach);
  let sliceStart = performance.now();
  let done = 0;
  for (const face of faces) {
    table.add(source, face);
    done++;
    if (done < faces.length && performance.now() - sliceStart >= sliceMs) {
      options.onProgress?.(done, faces.length);
      await nextTurn(options.signal);
      sliceStart = performance.now();
    }
  }
  return table;
}
