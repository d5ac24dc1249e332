/**
 * k-NN answered from a table computed beforehand. A full clustering asks one search per face; at
 * library scale (100k faces, ~3 ms per HNSW search) that is minutes, so the searches run here in
 * slices that give the event loop back, and the clustering then reads the table synchronously.
 */
import type { Neighbour, NeighbourSource } from './neighbours';
import type { ClusterFace } from './types';

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

export class NeighbourTable implements NeighbourSource {
  private readonly rows = new Map<number, Neighbour[]>();
  private allowed: ReadonlySet<number> | null = null;

  constructor(readonly reach: Readonly<NeighbourReach>) {}

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
      await new Promise<void>((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
  return table;
}
