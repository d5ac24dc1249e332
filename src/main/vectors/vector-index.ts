import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { removeStrayTempFiles, replaceFileAtomically } from './atomic-file';
import { exactSearch, type Neighbor } from './exact-search';
import { fingerprintFile, readSidecar, writeSidecar, type Sidecar } from './sidecar';

export type { Neighbor } from './exact-search';

/** Graph parameters; see README.md in this folder for the measurements behind the defaults. */
export interface HnswParams {
  /** Links per node; more links, better recall on clustered data, more memory and build time. */
  m: number;
  /** Candidate list size while inserting. */
  efConstruction: number;
  /** Candidate list size while searching (raised to k when k is larger). */
  efSearch: number;
}

export const defaultHnswParams: Readonly<HnswParams> = { m: 16, efConstruction: 100, efSearch: 128 };

/** Scopes up to this many faces are searched exactly rather than by a filtered graph walk. */
export const defaultExactScopeLimit = 2000;

export interface FaceVector {
  faceId: number;
  vector: Float32Array;
}

/** What the catalog holds for one model version: faces with an embedding, and the highest such id. */
export interface CatalogVectorState {
  count: number;
  lastFaceId: number;
}

export interface VectorIndexLocation {
  /** Folder of index files, normally `<libraryDir>/vectors`. */
  dir: string;
  modelVersion: string;
  dim: number;
  params?: Partial<HnswParams>;
  exactScopeLimit?: number;
  /**
   * Embeddings of some faces, read from the catalog. Lets `searchWithin` scan small scopes exactly
   * at memory speed; without it the vectors come out of hnswlib, which costs ~0.2 ms per face.
   */
  loadSome?: (faceIds: readonly number[]) => Iterable<FaceVector>;
}

export interface OpenOrRebuildOptions extends VectorIndexLocation {
  catalogState: CatalogVectorState;
  /** Every embedding of this model version in the catalog; only called when a rebuild is needed. */
  loadAll: () => Iterable<FaceVector>;
}

export interface OpenResult {
  index: VectorIndex;
  /** Why the saved index could not be used, or null when it was loaded as saved. */
  rebuiltBecause: string | null;
}

const initialCapacity = 1024;
const sidecarFormat = 1;
/** Unit vectors stored as float32 have norms within ~1e-6 of 1; anything further off is rescaled. */
const unitTolerance = 1e-4;

export function vectorIndexPaths(dir: string, modelVersion: string): { indexFile: string; sidecarFile: string } {
  // The model version becomes a file name, so it must not be able to name another path.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(modelVersion)) {
    throw new Error(`vector index: model version '${modelVersion}' is not usable as a file name`);
  }
  return { indexFile: path.join(dir, `${modelVersion}.hnsw`), sidecarFile: path.join(dir, `${modelVersion}.json`) };
}

function unitVector(vector: Float32Array, dim: number, what: string): Float32Array {
  if (vector.length !== dim) throw new Error(`vector index: ${what} has ${vector.length} values, expected ${dim}`);
  let squares = 0;
  for (const value of vector) squares += value * value;
  if (!Number.isFinite(squares) || squares === 0) throw new Error(`vector index: ${what} is zero or not finite`);
  const norm = Math.sqrt(squares);
  if (Math.abs(norm - 1) <= unitTolerance) return vector;
  return vector.map((value) => value / norm);
}

/** A loop, not Math.max(...ids): a million arguments would overflow the stack. */
function highestId(ids: Iterable<number>): number {
  let highest = 0;
  for (const id of ids) if (id > highest) highest = id;
  return highest;
}

function checkFaceId(faceId: number): void {
  // hnswlib-node passes labels through uint32.
  if (!Number.isInteger(faceId) || faceId < 1 || faceId > 0xffffffff) {
    throw new Error(`vector index: face id ${faceId} is not an integer in 1..2^32-1`);
  }
}

/**
 * Approximate nearest-neighbour index of face embeddings for one model version: an hnswlib graph
 * over inner product (= cosine similarity for the unit vectors stored). The catalog is the source
 * of truth and this is a cache of it: it is saved at checkpoints and rebuilt whenever it does not
 * match the catalog on open.
 */
export class VectorIndex {
  private readonly params: HnswParams;
  /** Scopes up to this many faces are scanned exactly by `searchWithin`. */
  exactScopeLimit: number;
  private readonly indexFile: string;
  private readonly sidecarFile: string;
  private maxLiveId: number;
  private readonly loadSome: (faceIds: readonly number[]) => Iterable<FaceVector>;

  private constructor(
    private hnsw: HierarchicalNSW,
    readonly modelVersion: string,
    readonly dim: number,
    location: VectorIndexLocation,
    /** Searchable face ids. */
    private readonly live: Set<number>,
    /** Face ids marked deleted whose vectors still sit in the graph. */
    private readonly deleted: Set<number>,
  ) {
    this.params = { ...defaultHnswParams, ...location.params };
    this.exactScopeLimit = location.exactScopeLimit ?? defaultExactScopeLimit;
    this.loadSome = location.loadSome ?? ((faceIds) => faceIds.map((faceId) => ({ faceId, vector: new Float32Array(this.hnsw.getPoint(faceId)) })));
    ({ indexFile: this.indexFile, sidecarFile: this.sidecarFile } = vectorIndexPaths(location.dir, location.modelVersion));
    this.maxLiveId = highestId(live);
  }

  /** A new empty index; nothing is written until `save()`. */
  static create(location: VectorIndexLocation, capacity = initialCapacity): VectorIndex {
    const params = { ...defaultHnswParams, ...location.params };
    const hnsw = new hnswlib.HierarchicalNSW('ip', location.dim);
    hnsw.initIndex(Math.max(capacity, initialCapacity), params.m, params.efConstruction);
    return new VectorIndex(hnsw, location.modelVersion, location.dim, location, new Set(), new Set());
  }

  /**
   * Loads the saved index when it mirrors the catalog, else builds a new one from `loadAll()` and
   * saves it. Stray temp files of an interrupted save are removed either way.
   */
  static openOrRebuild(options: OpenOrRebuildOptions): OpenResult {
    mkdirSync(options.dir, { recursive: true });
    const { indexFile, sidecarFile } = vectorIndexPaths(options.dir, options.modelVersion);
    removeStrayTempFiles(indexFile);
    removeStrayTempFiles(sidecarFile);
    const loaded = VectorIndex.loadSaved(options);
    if (loaded instanceof VectorIndex) return { index: loaded, rebuiltBecause: null };
    const index = VectorIndex.create(options, Math.ceil(options.catalogState.count * 1.1));
    for (const { faceId, vector } of options.loadAll()) index.add(faceId, vector);
    index.save();
    return { index, rebuiltBecause: loaded.problem };
  }

  private static loadSaved(options: OpenOrRebuildOptions): VectorIndex | { problem: string } {
    const { indexFile, sidecarFile } = vectorIndexPaths(options.dir, options.modelVersion);
    const sidecar = readSidecar(sidecarFile);
    if ('problem' in sidecar) return sidecar;
    const params = { ...defaultHnswParams, ...options.params };
    const { count, lastFaceId } = options.catalogState;
    if (sidecar.modelVersion !== options.modelVersion || sidecar.dim !== options.dim) {
      return { problem: `sidecar describes ${sidecar.modelVersion} (${sidecar.dim}-d), expected ${options.modelVersion} (${options.dim}-d)` };
    }
    if (sidecar.params.m !== params.m || sidecar.params.efConstruction !== params.efConstruction) {
      return { problem: `index was built with M=${sidecar.params.m} efConstruction=${sidecar.params.efConstruction}, now ${params.m}/${params.efConstruction}` };
    }
    if (sidecar.count !== count || sidecar.lastFaceId !== lastFaceId) {
      return { problem: `stale: index has ${sidecar.count} faces up to id ${sidecar.lastFaceId}, catalog has ${count} up to id ${lastFaceId}` };
    }
    let bytes: number;
    try {
      bytes = statSync(indexFile).size;
    } catch {
      return { problem: `index file ${indexFile} is missing` };
    }
    // Size first: it is free, while hashing reads the whole file.
    if (bytes !== sidecar.index.bytes) return { problem: `index file ${indexFile} is ${bytes} bytes, sidecar says ${sidecar.index.bytes}` };
    if (fingerprintFile(indexFile).sha256 !== sidecar.index.sha256) return { problem: `index file ${indexFile} does not match its checksum` };
    const hnsw = new hnswlib.HierarchicalNSW('ip', options.dim);
    try {
      hnsw.readIndexSync(indexFile);
    } catch (error) {
      return { problem: `index file ${indexFile} unreadable (${(error as Error).message})` };
    }
    const deleted = new Set(sidecar.deletedIds);
    const live = new Set(hnsw.getIdsList().filter((id) => !deleted.has(id)));
    if (live.size !== sidecar.count || hnsw.getNumDimensions() !== options.dim) {
      return { problem: `index file ${indexFile} holds ${live.size} faces, sidecar says ${sidecar.count}` };
    }
    return new VectorIndex(hnsw, options.modelVersion, options.dim, options, live, deleted);
  }

  /** Searchable faces. */
  get count(): number {
    return this.live.size;
  }

  /** Highest searchable face id, 0 when empty; with `count`, what `openOrRebuild` compares to the catalog. */
  get lastFaceId(): number {
    return this.maxLiveId;
  }

  /** Trades query time for recall; not saved, as it does not change the graph. */
  setEfSearch(efSearch: number): void {
    this.params.efSearch = efSearch;
  }

  has(faceId: number): boolean {
    return this.live.has(faceId);
  }

  /** Adds a face, or replaces its vector when the id is already present (deleted or not). */
  add(faceId: number, vector: Float32Array): void {
    checkFaceId(faceId);
    const unit = unitVector(vector, this.dim, `embedding of face ${faceId}`);
    if (!this.live.has(faceId) && !this.deleted.has(faceId)) this.ensureRoomForOneMore();
    this.hnsw.addPoint(Array.from(unit), faceId);
    this.deleted.delete(faceId);
    this.live.add(faceId);
    if (faceId > this.maxLiveId) this.maxLiveId = faceId;
  }

  private ensureRoomForOneMore(): void {
    const capacity = this.hnsw.getMaxElements();
    // Doubling keeps the total copying of repeated resizes linear in the final size.
    if (this.hnsw.getCurrentCount() >= capacity) this.hnsw.resizeIndex(capacity * 2);
  }

  /**
   * Hides a face from every search. Its vector stays in the graph (and in saved files) until
   * `purge`; returns false when the face was not searchable.
   */
  markDeleted(faceId: number): boolean {
    if (!this.live.delete(faceId)) return false;
    this.hnsw.markDelete(faceId);
    this.deleted.add(faceId);
    if (faceId === this.maxLiveId) this.maxLiveId = highestId(this.live);
    return true;
  }

  /**
   * Removes faces for good: the graph is rebuilt from the remaining vectors, so neither the removed
   * vectors nor any earlier deleted ones remain in memory, and the cleaned index is saved at once.
   * Costs a full rebuild; meant for "forget this person", not for routine deletes.
   */
  purge(faceIds: Iterable<number>): void {
    for (const faceId of faceIds) this.markDeleted(faceId);
    const fresh = new hnswlib.HierarchicalNSW('ip', this.dim);
    fresh.initIndex(Math.max(this.live.size, initialCapacity), this.params.m, this.params.efConstruction);
    for (const faceId of this.live) fresh.addPoint(this.hnsw.getPoint(faceId), faceId);
    this.hnsw = fresh;
    this.deleted.clear();
    this.save();
  }

  /**
   * The k most similar faces, best first, with cosine similarity. `filter` limits results to face
   * ids for which it returns true (it is called from the graph walk, so keep it cheap).
   */
  search(vector: Float32Array, k: number, filter?: (faceId: number) => boolean): Neighbor[] {
    const wanted = Math.min(k, this.live.size);
    if (wanted <= 0) return [];
    const query = Array.from(unitVector(vector, this.dim, 'query'));
    this.hnsw.setEf(Math.max(this.params.efSearch, wanted));
    const { neighbors, distances } = this.hnsw.searchKnn(query, wanted, filter);
    // hnswlib's inner-product distance is 1 - dot.
    return neighbors.map((faceId, i) => ({ faceId, similarity: 1 - (distances[i] as number) }));
  }

  /**
   * The k most similar faces among `faceIds` (say the faces of one event). Small scopes are scanned
   * exactly; large ones use the graph with a membership filter.
   */
  searchWithin(vector: Float32Array, k: number, faceIds: Iterable<number>): Neighbor[] {
    const scope = [...new Set(faceIds)].filter((id) => this.live.has(id));
    if (scope.length > this.exactScopeLimit) {
      const members = new Set(scope);
      return this.search(vector, k, (faceId) => members.has(faceId));
    }
    const labels: number[] = [];
    const matrix = new Float32Array(scope.length * this.dim);
    for (const face of this.loadSome(scope)) {
      matrix.set(unitVector(face.vector, this.dim, `embedding of face ${face.faceId}`), labels.length * this.dim);
      labels.push(face.faceId);
    }
    return exactSearch(matrix.subarray(0, labels.length * this.dim), this.dim, unitVector(vector, this.dim, 'query'), k, labels);
  }

  /** Writes the index, then its sidecar, each atomically; a crash in between leaves a pair that fails the checksum and is rebuilt. */
  save(): void {
    mkdirSync(path.dirname(this.indexFile), { recursive: true });
    let fingerprint: Sidecar['index'] | undefined;
    replaceFileAtomically(this.indexFile, (temp) => {
      this.hnsw.writeIndexSync(temp);
      fingerprint = fingerprintFile(temp);
    });
    writeSidecar(this.sidecarFile, {
      format: sidecarFormat,
      modelVersion: this.modelVersion,
      dim: this.dim,
      count: this.live.size,
      lastFaceId: this.maxLiveId,
      deletedIds: [...this.deleted],
      params: { m: this.params.m, efConstruction: this.params.efConstruction },
      index: fingerprint as Sidecar['index'],
      savedAt: new Date().toISOString(),
    });
  }
}
