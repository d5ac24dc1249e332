import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { commitTempFile, removeStrayTempFiles, replaceFileAtomically, tempFileTarget, tempPathFor } from '../fs/atomic-file';
import { exactSearch, type Neighbor } from './exact-search';
import { checkFaceId, shardOf, unitVector, type FaceVector } from './face-vector';
import { buildGraph, emptyGraph, initialCapacity, partitionFaces } from './graph-build';
import { buildGraphFilesInWorkers } from './parallel-build';
import { fingerprintFile, readSidecar, sidecarFormat, writeSidecar, type FileFingerprint, type Sidecar } from './sidecar';

export type { Neighbor } from './exact-search';
export type { FaceVector } from './face-vector';

/** Graph parameters; see README.md in this folder for the measurements behind the defaults. */
export interface HnswParams {
  /** Links per node; more links, better recall on clustered data, more memory and build time. */
  m: number;
  /** Candidate list size while inserting. */
  efConstruction: number;
  /**
   * Candidate list size while searching a shard of up to `facesPerEfSearchStep` faces; larger
   * shards search with a multiple of it (`efSearchFor`), and k raises it when larger.
   */
  efSearch: number;
}

export const defaultHnswParams: Readonly<HnswParams> = { m: 32, efConstruction: 200, efSearch: 128 };

/**
 * The candidate list a graph walk needs grows with the graph: on calibrated synthetic faces, 128
 * gives recall@10 1.000 in one graph of 100k faces, but 0.978 in two shards of 500k, where 512
 * gives 0.995 (README.md). So efSearch is the base per this many faces in the largest shard.
 */
export const facesPerEfSearchStep = 125_000;
const maxEfSearch = 1024;

export function efSearchFor(base: number, largestShardFaces: number): number {
  return Math.min(maxEfSearch, base * Math.max(1, Math.ceil(largestShardFaces / facesPerEfSearchStep)));
}

/**
 * Which scopes `searchWithin` scans exactly rather than by a filtered graph walk: up to `faces`
 * faces, or up to `share` of the index. A filtered walk visits about (index size / scope size)
 * faces per result, so a fixed limit goes wrong as the index grows. Measured (README.md): at 100k
 * faces exact wins at 2000 (16 vs 36 ms) and loses at 10k (103 vs 16 ms); at 1M exact wins at
 * 10k (104 ms vs 1.3 s) and at 50k (0.46 vs 1.25 s).
 */
export interface ExactScope {
  faces: number;
  share: number;
}

export const defaultExactScope: Readonly<ExactScope> = { faces: 2000, share: 0.05 };

/**
 * How a full build splits the faces into shards, each built by its own thread at the same time.
 * Every query searches every shard, so shards only pay off when the build is long: see README.md.
 */
export interface ShardPlan {
  /** A build makes one shard per this many faces... */
  facesPerShard: number;
  /** ...but never more than this many. */
  maxShards: number;
}

export const defaultShardPlan: Readonly<ShardPlan> = { facesPerShard: 250_000, maxShards: Math.min(4, availableParallelism()) };

export function shardCountFor(faceCount: number, plan: ShardPlan = defaultShardPlan): number {
  return Math.max(1, Math.min(plan.maxShards, Math.ceil(faceCount / plan.facesPerShard)));
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
  shardPlan?: ShardPlan;
  exactScope?: Partial<ExactScope>;
  /**
   * Embeddings of some faces, read from the catalog. Lets `searchWithin` scan small scopes exactly
   * at memory speed and `purge` rebuild without reading vectors back out of the graph (~0.2 ms
   * per face); without it the vectors come out of hnswlib.
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

export interface VectorIndexPaths {
  sidecarFile: string;
  shardFile: (shard: number) => string;
  /** Every graph file name this model version's index may have written, older single-file layout included. */
  isGraphFileName: (name: string) => boolean;
}

export function vectorIndexPaths(dir: string, modelVersion: string): VectorIndexPaths {
  // The model version becomes a file name, so it must not be able to name another path.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(modelVersion)) {
    throw new Error(`vector index: model version '${modelVersion}' is not usable as a file name`);
  }
  return {
    sidecarFile: path.join(dir, `${modelVersion}.json`),
    shardFile: (shard) => path.join(dir, `${modelVersion}.shard${shard}.hnsw`),
    isGraphFileName: (name) => name.startsWith(modelVersion) && /^(\.shard\d+)?\.hnsw$/.test(name.slice(modelVersion.length)),
  };
}

/**
 * The model version an index file belongs to, from its name: a sidecar, a graph file of either
 * layout, or a temp file an interrupted save left of one. Null for any other name.
 */
function indexFileModelVersion(name: string): string | null {
  const file = tempFileTarget(name) ?? name;
  if (file.endsWith('.json')) return file.slice(0, -'.json'.length);
  return /^(.+?)(\.shard\d+)?\.hnsw$/.exec(file)?.[1] ?? null;
}

/** Names of the index files in `dir` that belong to model versions other than `modelVersion`. */
export function otherModelIndexFiles(dir: string, modelVersion: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => {
    const owner = indexFileModelVersion(name);
    return owner !== null && owner !== modelVersion;
  });
}

/**
 * Deletes the index files of every other model version (what a model upgrade leaves behind once
 * the new model's index is complete); returns their names.
 */
export function removeOtherModelIndexes(dir: string, modelVersion: string): string[] {
  const names = otherModelIndexFiles(dir, modelVersion);
  for (const name of names) rmSync(path.join(dir, name), { force: true });
  return names;
}

/** A loop, not Math.max(...ids): a million arguments would overflow the stack. */
function highestId(ids: Iterable<number>): number {
  let highest = 0;
  for (const id of ids) if (id > highest) highest = id;
  return highest;
}

/** Reads vectors in slices, so that a rebuild never holds every catalog row at once. */
function* inSlices(faceIds: readonly number[], load: (faceIds: readonly number[]) => Iterable<FaceVector>): Generator<FaceVector> {
  const slice = 10_000;
  for (let start = 0; start < faceIds.length; start += slice) yield* load(faceIds.slice(start, start + slice));
}

interface BuiltGraphs {
  graphs: HierarchicalNSW[];
  live: Set<number>;
  /** Set when the graph files were already written (by the build threads); null when they still need saving. */
  written: FileFingerprint[] | null;
}

/**
 * Approximate nearest-neighbour index of face embeddings for one model version: hnswlib graphs
 * over inner product (= cosine similarity for the unit vectors stored), one per shard, all
 * searched by every query. The catalog is the source of truth and this is a cache of it: it is
 * saved at checkpoints and rebuilt whenever it does not match the catalog on open.
 */
export class VectorIndex {
  private readonly params: HnswParams;
  /** Scopes `searchWithin` scans exactly. */
  exactScope: ExactScope;
  private readonly paths: VectorIndexPaths;
  private maxLiveId: number;
  /** Searchable faces per shard: a shard is never asked for more neighbours than it holds. */
  private liveByShard: number[] = [];
  private readonly loadSome: (faceIds: readonly number[]) => Iterable<FaceVector>;
  private fixedEfSearch: number | null = null;

  private constructor(
    private shards: HierarchicalNSW[],
    private readonly location: VectorIndexLocation,
    /** Searchable face ids. */
    private readonly live: Set<number>,
    /** Face ids marked deleted whose vectors still sit in a graph. */
    private readonly deleted: Set<number>,
    /** Face ids marked deleted whose vectors were overwritten with noise (`purge`). */
    private readonly erased: Set<number>,
  ) {
    this.params = { ...defaultHnswParams, ...location.params };
    this.exactScope = { ...defaultExactScope, ...location.exactScope };
    this.loadSome = location.loadSome ?? ((faceIds) => faceIds.map((faceId) => ({ faceId, vector: new Float32Array(this.shardFor(faceId).getPoint(faceId)) })));
    this.paths = vectorIndexPaths(location.dir, location.modelVersion);
    this.maxLiveId = highestId(live);
    this.countLiveByShard();
  }

  private countLiveByShard(): void {
    this.liveByShard = this.shards.map(() => 0);
    for (const faceId of this.live) this.countLive(faceId, 1);
  }

  private countLive(faceId: number, change: 1 | -1): void {
    const shard = shardOf(faceId, this.shards.length);
    this.liveByShard[shard] = (this.liveByShard[shard] as number) + change;
  }

  get modelVersion(): string {
    return this.location.modelVersion;
  }

  get dim(): number {
    return this.location.dim;
  }

  get shardCount(): number {
    return this.shards.length;
  }

  /** A new empty index of one shard; nothing is written until `save()`. */
  static create(location: VectorIndexLocation, capacity = initialCapacity): VectorIndex {
    const params = { ...defaultHnswParams, ...location.params };
    return new VectorIndex([emptyGraph(location.dim, params, Math.max(capacity, initialCapacity))], location, new Set(), new Set(), new Set());
  }

  /**
   * A new index of `faces` (about `expectedCount` of them), saved. Large ones are split into
   * shards built in parallel threads; see `ShardPlan`.
   */
  static build(location: VectorIndexLocation, faces: Iterable<FaceVector>, expectedCount: number): VectorIndex {
    const { graphs, live, written } = VectorIndex.buildGraphs(location, faces, expectedCount);
    const index = new VectorIndex(graphs, location, live, new Set(), new Set());
    if (written === null) index.save();
    else index.writeSidecar(written);
    return index;
  }

  /**
   * Loads the saved index when it mirrors the catalog, else builds a new one from `loadAll()` and
   * saves it. Stray temp files of an interrupted save are removed either way.
   */
  static openOrRebuild(options: OpenOrRebuildOptions): OpenResult {
    VectorIndex.removeStrayTempFiles(options);
    const loaded = VectorIndex.loadSaved(options);
    if (loaded instanceof VectorIndex) return { index: loaded, rebuiltBecause: null };
    return { index: VectorIndex.build(options, options.loadAll(), options.catalogState.count), rebuiltBecause: loaded.problem };
  }

  /** Creates the index folder, and removes the temp files an interrupted save left of this model's index. */
  static removeStrayTempFiles(location: VectorIndexLocation): void {
    mkdirSync(location.dir, { recursive: true });
    const paths = vectorIndexPaths(location.dir, location.modelVersion);
    const sidecarName = path.basename(paths.sidecarFile);
    removeStrayTempFiles(location.dir, (name) => name === sidecarName || paths.isGraphFileName(name));
  }

  private static buildGraphs(location: VectorIndexLocation, faces: Iterable<FaceVector>, expectedCount: number): BuiltGraphs {
    const { dim } = location;
    const params = { ...defaultHnswParams, ...location.params };
    const parts = partitionFaces(faces, dim, shardCountFor(expectedCount, location.shardPlan), expectedCount);
    const live = new Set<number>();
    for (const part of parts) for (const faceId of part.ids.subarray(0, part.count)) live.add(faceId);
    if (parts.length === 1) return { graphs: [buildGraph(parts[0] as (typeof parts)[0], dim, params)], live, written: null };

    mkdirSync(location.dir, { recursive: true });
    const paths = vectorIndexPaths(location.dir, location.modelVersion);
    const temps = parts.map((_, shard) => tempPathFor(paths.shardFile(shard)));
    try {
      buildGraphFilesInWorkers(parts, dim, params, temps);
    } catch (error) {
      for (const temp of temps) rmSync(temp, { force: true });
      throw error;
    }
    const written = temps.map((temp, shard) => {
      const fingerprint = fingerprintFile(temp);
      commitTempFile(temp, paths.shardFile(shard));
      return fingerprint;
    });
    const graphs = parts.map((_, shard) => {
      const graph = new hnswlib.HierarchicalNSW('ip', dim);
      graph.readIndexSync(paths.shardFile(shard));
      return graph;
    });
    return { graphs, live, written };
  }

  private static loadSaved(options: OpenOrRebuildOptions): VectorIndex | { problem: string } {
    const sidecar = VectorIndex.checkSavedFiles(options);
    if ('problem' in sidecar) return sidecar;
    const { count, lastFaceId } = options.catalogState;
    if (sidecar.count !== count || sidecar.lastFaceId !== lastFaceId) {
      return { problem: `stale: index has ${sidecar.count} faces up to id ${sidecar.lastFaceId}, catalog has ${count} up to id ${lastFaceId}` };
    }
    const paths = vectorIndexPaths(options.dir, options.modelVersion);
    const graphs: HierarchicalNSW[] = [];
    for (const shard of sidecar.shards.keys()) {
      const graph = new hnswlib.HierarchicalNSW('ip', options.dim);
      try {
        graph.readIndexSync(paths.shardFile(shard));
      } catch (error) {
        return { problem: `index file ${paths.shardFile(shard)} unreadable (${(error as Error).message})` };
      }
      graphs.push(graph);
    }
    return VectorIndex.fromSavedGraphs(options, sidecar, graphs);
  }

  /**
   * The saved sidecar when it describes an index of this location (model, size, graph parameters)
   * and every graph file has the size and checksum it records, else why not. Reads the files whole
   * (half a second at 100k faces), so a thread that must stay responsive asks a worker.
   */
  static checkSavedFiles(location: VectorIndexLocation): Sidecar | { problem: string } {
    const paths = vectorIndexPaths(location.dir, location.modelVersion);
    const sidecar = readSidecar(paths.sidecarFile);
    if ('problem' in sidecar) return sidecar;
    const params = { ...defaultHnswParams, ...location.params };
    if (sidecar.modelVersion !== location.modelVersion || sidecar.dim !== location.dim) {
      return { problem: `sidecar describes ${sidecar.modelVersion} (${sidecar.dim}-d), expected ${location.modelVersion} (${location.dim}-d)` };
    }
    if (sidecar.params.m !== params.m || sidecar.params.efConstruction !== params.efConstruction) {
      return {
        problem: `index was built with M=${sidecar.params.m} efConstruction=${sidecar.params.efConstruction}, now ${params.m}/${params.efConstruction}`,
      };
    }
    for (const [shard, expected] of sidecar.shards.entries()) {
      const file = paths.shardFile(shard);
      let bytes: number;
      try {
        bytes = statSync(file).size;
      } catch {
        return { problem: `index file ${file} is missing` };
      }
      // Size first: it is free, while hashing reads the whole file. Both before hnswlib parses it:
      // hnswlib trusts offsets read from the file and can crash the process on garbage.
      if (bytes !== expected.bytes) return { problem: `index file ${file} is ${bytes} bytes, sidecar says ${expected.bytes}` };
      if (fingerprintFile(file).sha256 !== expected.sha256) return { problem: `index file ${file} does not match its checksum` };
    }
    return sidecar;
  }

  /**
   * Loads an index whose files `checkSavedFiles` accepted (in a worker, say) as this `sidecar`,
   * whatever the catalog holds now: hnswlib parses the graph files on its own thread, so the
   * caller's event loop is free meanwhile. The caller then brings it up to date (`add`, `erase`).
   */
  static async loadChecked(location: VectorIndexLocation, sidecar: Sidecar): Promise<VectorIndex | { problem: string }> {
    const paths = vectorIndexPaths(location.dir, location.modelVersion);
    const graphs: HierarchicalNSW[] = [];
    for (const shard of sidecar.shards.keys()) {
      const graph = new hnswlib.HierarchicalNSW('ip', location.dim);
      try {
        await graph.readIndex(paths.shardFile(shard));
      } catch (error) {
        return { problem: `index file ${paths.shardFile(shard)} unreadable (${(error as Error).message})` };
      }
      graphs.push(graph);
    }
    return VectorIndex.fromSavedGraphs(location, sidecar, graphs);
  }

  /** The index the graphs of a saved sidecar make, once their ids are what the sidecar says. */
  private static fromSavedGraphs(location: VectorIndexLocation, sidecar: Sidecar, graphs: HierarchicalNSW[]): VectorIndex | { problem: string } {
    const paths = vectorIndexPaths(location.dir, location.modelVersion);
    const deleted = new Set(sidecar.deletedIds);
    const erased = new Set(sidecar.erasedIds);
    const live = new Set<number>();
    for (const [shard, graph] of graphs.entries()) {
      const file = paths.shardFile(shard);
      if (graph.getNumDimensions() !== location.dim) return { problem: `index file ${file} is ${graph.getNumDimensions()}-d, expected ${location.dim}` };
      for (const faceId of graph.getIdsList()) {
        if (shardOf(faceId, graphs.length) !== shard) return { problem: `index file ${file} holds face ${faceId}, which belongs to another shard` };
        if (!deleted.has(faceId) && !erased.has(faceId)) live.add(faceId);
      }
    }
    if (live.size !== sidecar.count) return { problem: `index files hold ${live.size} faces, sidecar says ${sidecar.count}` };
    return new VectorIndex(graphs, location, live, deleted, erased);
  }

  /** Searchable faces. */
  get count(): number {
    return this.live.size;
  }

  /** The searchable faces' ids (live: do not change the index while iterating). */
  liveIds(): IterableIterator<number> {
    return this.live.values();
  }

  /** Highest searchable face id, 0 when empty; with `count`, what `openOrRebuild` compares to the catalog. */
  get lastFaceId(): number {
    return this.maxLiveId;
  }

  /**
   * Fixes efSearch for every shard, whatever their size (the bench's sweep); null goes back to
   * `efSearchFor`. Not saved, as it does not change the graphs.
   */
  setEfSearch(efSearch: number | null): void {
    this.fixedEfSearch = efSearch;
  }

  /** The efSearch each shard is searched with (before k raises it). */
  get efSearch(): number {
    return this.fixedEfSearch ?? efSearchFor(this.params.efSearch, Math.max(0, ...this.liveByShard));
  }

  has(faceId: number): boolean {
    return this.live.has(faceId);
  }

  private shardFor(faceId: number): HierarchicalNSW {
    return this.shards[shardOf(faceId, this.shards.length)] as HierarchicalNSW;
  }

  /** Adds a face, or replaces its vector when the id is already present (deleted or not). */
  add(faceId: number, vector: Float32Array): void {
    checkFaceId(faceId);
    const unit = unitVector(vector, this.dim, `embedding of face ${faceId}`);
    const graph = this.shardFor(faceId);
    if (!this.inGraph(faceId)) ensureRoomForOneMore(graph);
    graph.addPoint(Array.from(unit), faceId);
    this.deleted.delete(faceId);
    this.erased.delete(faceId);
    if (!this.live.has(faceId)) {
      this.live.add(faceId);
      this.countLive(faceId, 1);
    }
    if (faceId > this.maxLiveId) this.maxLiveId = faceId;
  }

  /**
   * Hides a face from every search. Its vector stays in the graph (and in saved files) until
   * `purge`; returns false when the face was not searchable.
   */
  markDeleted(faceId: number): boolean {
    if (!this.live.delete(faceId)) return false;
    this.countLive(faceId, -1);
    this.shardFor(faceId).markDelete(faceId);
    this.deleted.add(faceId);
    if (faceId === this.maxLiveId) this.maxLiveId = highestId(this.live);
    return true;
  }

  /** Whether the face has an element in its graph: searchable, deleted or erased. */
  private inGraph(faceId: number): boolean {
    return this.live.has(faceId) || this.deleted.has(faceId) || this.erased.has(faceId);
  }

  /**
   * Removes faces for good ("forget"), and with them the vectors of every face deleted before:
   * each vector is overwritten in its graph with random noise and stays marked deleted, then the
   * index is saved, so the vectors are gone from memory and from every saved file. hnswlib updates
   * an element in place when its label is added again, relinking it like one insertion, so this
   * costs milliseconds per face instead of a rebuild of the library. Once erased elements would
   * outnumber a quarter of the searchable faces, the graphs are rebuilt without them instead.
   * A caller that must not block that long erases in slices first (`erase`), then purges.
   */
  purge(faceIds: Iterable<number>): void {
    for (const faceId of faceIds) this.markDeleted(faceId);
    if (this.erased.size + this.deleted.size > this.live.size / 4) {
      this.rebuildWithoutDeleted();
      return;
    }
    this.erase(this.unerasedIds);
    this.save();
  }

  /** Faces deleted whose vectors are still in the graphs. */
  get unerasedIds(): number[] {
    return [...this.deleted];
  }

  /** Deletes these faces and overwrites their vectors with noise, in memory only (see `purge`). */
  erase(faceIds: Iterable<number>): void {
    for (const faceId of faceIds) {
      this.markDeleted(faceId);
      if (!this.deleted.delete(faceId)) continue;
      const graph = this.shardFor(faceId);
      graph.addPoint(Array.from(randomUnitVector(this.dim)), faceId);
      graph.markDelete(faceId);
      this.erased.add(faceId);
    }
  }

  private rebuildWithoutDeleted(): void {
    const remaining = [...this.live];
    const { graphs, written } = VectorIndex.buildGraphs(this.location, inSlices(remaining, this.loadSome), remaining.length);
    this.shards = graphs;
    this.countLiveByShard();
    this.deleted.clear();
    this.erased.clear();
    if (written === null) this.save();
    else this.writeSidecar(written);
  }

  /**
   * The k most similar faces, best first, with cosine similarity. `filter` limits results to face
   * ids for which it returns true (it is called from the graph walk, so keep it cheap).
   */
  search(vector: Float32Array, k: number, filter?: (faceId: number) => boolean): Neighbor[] {
    const wanted = Math.min(k, this.live.size);
    if (wanted <= 0) return [];
    const query = Array.from(unitVector(vector, this.dim, 'query'));
    const found: Neighbor[] = [];
    const ef = this.efSearch;
    this.shards.forEach((graph, shard) => {
      const take = Math.min(wanted, this.liveByShard[shard] as number);
      if (take === 0) return;
      graph.setEf(Math.max(ef, take));
      const { neighbors, distances } = graph.searchKnn(query, take, filter);
      // hnswlib's inner-product distance is 1 - dot.
      neighbors.forEach((faceId, i) => found.push({ faceId, similarity: 1 - (distances[i] as number) }));
    });
    // Each shard's results come best first; several shards' are merged.
    return this.shards.length === 1 ? found : found.sort((a, b) => b.similarity - a.similarity).slice(0, wanted);
  }

  /** Whether `searchWithin` scans a scope of this many faces exactly. */
  scansExactly(scopeSize: number): boolean {
    return scopeSize <= Math.max(this.exactScope.faces, this.exactScope.share * this.live.size);
  }

  /**
   * The k most similar faces among `faceIds` (say the faces of one event). Small scopes are scanned
   * exactly; large ones use the graphs with a membership filter.
   */
  searchWithin(vector: Float32Array, k: number, faceIds: Iterable<number>): Neighbor[] {
    const scope = [...new Set(faceIds)].filter((id) => this.live.has(id));
    if (!this.scansExactly(scope.length)) {
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

  /**
   * Writes each shard's graph file, then the sidecar, each atomically; a crash in between leaves
   * files that fail the sidecar's checksums, and the next open rebuilds.
   */
  save(): void {
    mkdirSync(this.location.dir, { recursive: true });
    const written = this.shards.map((graph, shard) => {
      let fingerprint: FileFingerprint | undefined;
      replaceFileAtomically(this.paths.shardFile(shard), (temp) => {
        graph.writeIndexSync(temp);
        fingerprint = fingerprintFile(temp);
      });
      return fingerprint as FileFingerprint;
    });
    this.writeSidecar(written);
  }

  /** Records the graph files as written, then deletes graph files of any other layout (they may hold forgotten faces). */
  private writeSidecar(shards: FileFingerprint[]): void {
    writeSidecar(this.paths.sidecarFile, {
      format: sidecarFormat,
      modelVersion: this.modelVersion,
      dim: this.dim,
      count: this.live.size,
      lastFaceId: this.maxLiveId,
      deletedIds: [...this.deleted],
      erasedIds: [...this.erased],
      params: { m: this.params.m, efConstruction: this.params.efConstruction },
      shards,
      savedAt: new Date().toISOString(),
    });
    const current = new Set(shards.map((_, shard) => path.basename(this.paths.shardFile(shard))));
    for (const name of readdirSync(this.location.dir)) {
      if (this.paths.isGraphFileName(name) && !current.has(name)) rmSync(path.join(this.location.dir, name), { force: true });
    }
  }
}

/** What an erased face's vector becomes: a direction carrying nothing of anyone. */
function randomUnitVector(dim: number): Float32Array {
  const noise = Float32Array.from({ length: dim }, () => randomInt(-1_000_000, 1_000_001));
  return unitVector(noise, dim, 'noise');
}

function ensureRoomForOneMore(graph: HierarchicalNSW): void {
  const capacity = graph.getMaxElements();
  // Doubling keeps the total copying of repeated resizes linear in the final size. A graph handed
  // over empty (capacity 0) must still grow: hnswlib reports resizeIndex(0) as "not enough memory".
  if (graph.getCurrentCount() >= capacity) graph.resizeIndex(Math.max(capacity * 2, initialCapacity));
}
