/**
 * The clustering step (after the k-NN searches) as a job for a worker thread, and back. At library
 * scale the faces' embeddings are the bulk (100k × 1024 floats), so they live once, in one
 * SharedArrayBuffer both threads read; the neighbour table travels as transferred typed arrays;
 * assignments and the user's edits are plain data (structured clone).
 */
import { reclusterWithConstraints, type ClusterOptions, type ReclusterResult } from './cluster';
import { assignNewFaces } from './incremental';
import { NeighbourTable, type TransferredNeighbours } from './neighbour-table';
import type { Assignments, ClusterFace, PersonId, UserConstraints } from '../domain/people';

/** Faces packed in shared memory: row i is face `ids[i]`, its embedding `embeddings[i·dim, (i+1)·dim)`. */
export interface SharedFaces {
  dim: number;
  ids: Int32Array;
  /** Float64, as stored: a Float32 copy could put a face on the other side of `minQuality`. */
  qualities: Float64Array;
  embeddings: Float32Array;
}

export interface PackedFaces<T extends ClusterFace> {
  shared: SharedFaces;
  /** The faces given, their embeddings now views of `shared.embeddings`. */
  faces: T[];
}

/** What one clustering step reads; `runClusterStep` runs it in this thread, `toJob` packs it for a worker. */
export interface ClusterStep {
  /** In this order; their embeddings must be views of the `SharedFaces` given to `toJob`. */
  faces: readonly ClusterFace[];
  existing: Assignments;
  constraints: UserConstraints;
  /** Null: every person is redrawn (reclusterWithConstraints); else these faces join (assignNewFaces). */
  fresh: ReadonlySet<number> | null;
  options: Partial<Omit<ClusterOptions, 'neighbours'>>;
  neighbours: NeighbourTable;
}

/** A step as posted to the worker (its workerData). */
export interface ClusterJob {
  faces: SharedFaces;
  /** The step's faces, in its order. */
  order: Int32Array;
  existing: Array<[number, PersonId | null]>;
  constraints: UserConstraints;
  fresh: number[] | null;
  options: Partial<Omit<ClusterOptions, 'neighbours'>>;
  neighbours: TransferredNeighbours;
}

/** What the worker posts back. */
export interface ClusterReply {
  assignments: Array<[number, PersonId | null]>;
  newPeople: PersonId[];
}

/**
 * Packs faces into one SharedArrayBuffer as they arrive (say from a paged read of the catalog), up
 * to `capacity` of them, pointing each face's embedding at its row there.
 */
export class FacePacker<T extends ClusterFace> {
  private readonly shared: SharedFaces;
  private readonly faces: T[] = [];

  constructor(
    private readonly capacity: number,
    private readonly dim: number,
  ) {
    this.shared = {
      dim,
      ids: new Int32Array(new SharedArrayBuffer(4 * capacity)),
      qualities: new Float64Array(new SharedArrayBuffer(8 * capacity)),
      embeddings: new Float32Array(new SharedArrayBuffer(4 * capacity * dim)),
    };
  }

  get full(): boolean {
    return this.faces.length === this.capacity;
  }

  add(face: T): void {
    if (this.full) throw new Error(`face packer: room for ${this.capacity} faces only`);
    if (face.embedding.length !== this.dim) {
      throw new Error(`face ${face.id} has a ${face.embedding.length}-d embedding where the others have ${this.dim}`);
    }
    const row = this.faces.length;
    const { dim } = this;
    this.shared.ids[row] = face.id;
    this.shared.qualities[row] = face.quality;
    this.shared.embeddings.set(face.embedding, row * dim);
    this.faces.push({ ...face, embedding: this.shared.embeddings.subarray(row * dim, (row + 1) * dim) });
  }

  /** The faces added so far; views of the shared memory trimmed to them. */
  packed(): PackedFaces<T> {
    const n = this.faces.length;
    const { dim, ids, qualities, embeddings } = this.shared;
    return { shared: { dim, ids: ids.subarray(0, n), qualities: qualities.subarray(0, n), embeddings: embeddings.subarray(0, n * dim) }, faces: this.faces };
  }
}

export function runClusterStep(step: ClusterStep): ReclusterResult {
  const options = { ...step.options, neighbours: step.neighbours };
  const { fresh } = step;
  if (fresh === null) return reclusterWithConstraints(step.faces, step.existing, step.constraints, options);
  return assignNewFaces(
    step.faces.filter((face) => fresh.has(face.id)),
    step.faces.filter((face) => !fresh.has(face.id)),
    step.existing,
    step.constraints,
    options,
  );
}

export function toJob(step: ClusterStep, faces: SharedFaces): ClusterJob {
  return {
    faces,
    order: Int32Array.from(step.faces, (face) => face.id),
    existing: [...step.existing],
    constraints: step.constraints,
    fresh: step.fresh && [...step.fresh],
    options: step.options,
    neighbours: step.neighbours.toTransfer(),
  };
}

/** The buffers a job hands over to the worker (the shared faces are shared, not moved). */
export function jobTransferList(job: ClusterJob): ArrayBuffer[] {
  const { faceIds, offsets, neighbourIds, distances, keepOnly } = job.neighbours;
  return [faceIds, offsets, neighbourIds, distances, ...(keepOnly ? [keepOnly] : [])].map((array) => array.buffer as ArrayBuffer);
}

export function fromJob(job: ClusterJob): ClusterStep {
  const { dim, ids, qualities, embeddings } = job.faces;
  const rowOf = new Map<number, number>();
  ids.forEach((id, row) => rowOf.set(id, row));
  const faces = Array.from(job.order, (id): ClusterFace => {
    const row = rowOf.get(id);
    if (row === undefined) throw new Error(`clustering job: face ${id} is not among the packed faces`);
    return { id, quality: qualities[row]!, embedding: embeddings.subarray(row * dim, (row + 1) * dim) };
  });
  return {
    faces,
    existing: new Map(job.existing),
    constraints: job.constraints,
    fresh: job.fresh && new Set(job.fresh),
    options: job.options,
    neighbours: NeighbourTable.fromTransfer(job.neighbours),
  };
}

export function toReply(result: ReclusterResult): ClusterReply {
  return { assignments: [...result.assignments], newPeople: result.newPeople };
}

export function fromReply(reply: ClusterReply): ReclusterResult {
  return { assignments: new Map(reply.assignments), newPeople: reply.newPeople };
}
