import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { checkFaceId, shardOf, unitVector, type FaceVector } from './face-vector';

/** The graph parameters fixed at build time (efSearch is a query-time setting). */
export interface GraphParams {
  m: number;
  efConstruction: number;
}

/** The faces of one shard, in shared memory so that a worker thread reads them without a copy. */
export interface ShardFaces {
  count: number;
  /** Face ids, `count` of them. */
  ids: Uint32Array;
  /** Unit vectors, row-major, `count * dim`. */
  matrix: Float32Array;
}

export const initialCapacity = 1024;

/** Room for the faces plus a tenth, so the next faces to arrive do not force a resize at once. */
export function capacityFor(count: number): number {
  return Math.max(initialCapacity, Math.ceil(count * 1.1));
}

export function emptyGraph(dim: number, params: GraphParams, capacity: number): HierarchicalNSW {
  const graph = new hnswlib.HierarchicalNSW('ip', dim);
  graph.initIndex(capacity, params.m, params.efConstruction);
  return graph;
}

export function buildGraph(faces: ShardFaces, dim: number, params: GraphParams): HierarchicalNSW {
  const graph = emptyGraph(dim, params, capacityFor(faces.count));
  for (let row = 0; row < faces.count; row++) {
    graph.addPoint(Array.from(faces.matrix.subarray(row * dim, (row + 1) * dim)), faces.ids[row] as number);
  }
  return graph;
}

class ShardBuffer {
  count = 0;
  private ids: Uint32Array;
  private matrix: Float32Array;

  constructor(
    private readonly dim: number,
    capacity: number,
  ) {
    this.ids = new Uint32Array(new SharedArrayBuffer(capacity * 4));
    this.matrix = new Float32Array(new SharedArrayBuffer(capacity * dim * 4));
  }

  push(faceId: number, vector: Float32Array): void {
    if (this.count === this.ids.length) this.grow();
    this.ids[this.count] = faceId;
    this.matrix.set(vector, this.count * this.dim);
    this.count++;
  }

  finish(): ShardFaces {
    return { count: this.count, ids: this.ids, matrix: this.matrix };
  }

  private grow(): void {
    const capacity = Math.max(64, Math.ceil(this.ids.length * 1.5));
    const ids = new Uint32Array(new SharedArrayBuffer(capacity * 4));
    const matrix = new Float32Array(new SharedArrayBuffer(capacity * this.dim * 4));
    ids.set(this.ids);
    matrix.set(this.matrix);
    this.ids = ids;
    this.matrix = matrix;
  }
}

/**
 * Spreads faces over `shardCount` shards (by id, see `shardOf`), checking and normalizing each
 * vector on the way. `expectedCount` sizes the buffers; more faces than that only cost a copy.
 */
export function partitionFaces(faces: Iterable<FaceVector>, dim: number, shardCount: number, expectedCount: number): ShardFaces[] {
  const buffers = Array.from({ length: shardCount }, () => new ShardBuffer(dim, Math.ceil(expectedCount / shardCount) + 1));
  for (const { faceId, vector } of faces) {
    checkFaceId(faceId);
    (buffers[shardOf(faceId, shardCount)] as ShardBuffer).push(faceId, unitVector(vector, dim, `embedding of face ${faceId}`));
  }
  return buffers.map((buffer) => buffer.finish());
}
