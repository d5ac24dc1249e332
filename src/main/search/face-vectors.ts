/**
 * The HNSW index beside the catalog: one index per embedding model in <library>/vectors, a cache
 * of the catalog's searchable embeddings, fed as faces are stored, saved at checkpoints.
 *
 * Opening never makes the engine wait: a worker thread checks the saved files (or, missing,
 * damaged or of another model, builds them again from the catalog), the graphs load on hnswlib's
 * own thread, and the faces the saved index lacks (stored after its last checkpoint, say before a
 * crash) are added a slice at a time. Until then searches scan the catalog exactly
 * (`ExactFaceScan`) and `catchingUp` says why.
 */
import type { Catalog } from '../catalog/catalog';
import { FaceVectorsRepository } from '../catalog/face-vectors-repo';
import { nextTurn } from '../next-turn';
import { ExactFaceScan, type FaceSearcher } from '../vectors/exact-scan';
import { otherModelIndexFiles, removeOtherModelIndexes, VectorIndex } from '../vectors/vector-index';
import { noSavedIndex } from '../vectors/sidecar';
import { startFaceIndexJob, type FaceIndexJob, type RunningFaceIndexJob } from './face-index-job';
import { log } from '../log';

/** Vectors erased per turn of the event loop when faces are forgotten (~5 ms each at M=32). */
const facesErasedPerTurn = 16;

/** Longest the catch-up holds the event loop at once while adding faces (~2 ms each at 100k). */
const catchUpSliceMs = 10;

/**
 * A saved index lacking more faces than this is built again in the worker instead: adding them
 * one by one on the engine's thread would take about as long, and hold it in slices all along.
 */
const mostFacesCaughtUp = 20_000;

export interface FaceVectorsOptions {
  catalog: Catalog;
  /** Folder of index files (<library>/vectors). */
  dir: string;
  /** The embedding_models row of the models in use; null while faces are off. */
  modelId: () => number | null;
}

export class FaceVectors {
  private readonly repo: FaceVectorsRepository;
  private index: VectorIndex | null = null;
  private indexModelId: number | null = null;
  private readonly pending = new Set<number>();
  /** Faces made unsearchable while the index was catching up: hidden once it is in place. */
  private readonly hiddenMeanwhile = new Set<number>();
  private flushQueued = false;
  private unsaved = false;
  /** Index files of another model are still in the folder: a model upgrade has not finished. */
  private olderIndexes = false;
  private catchUp: Promise<void> | null = null;
  private job: RunningFaceIndexJob | null = null;
  /** What searches while the index is made ready: one per open, holding the embeddings it has read. */
  private scan: ExactFaceScan | null = null;
  private closed = false;
  /** Why the last open rebuilt the index from the catalog (null: loaded as saved, or not opened). */
  rebuiltBecause: string | null = null;
  /** While the index is being built or caught up (and searches scan exactly): why; else null. */
  catchingUp: string | null = null;

  constructor(private readonly options: FaceVectorsOptions) {
    this.repo = options.catalog.faceVectors;
  }

  /**
   * What searches the current model's faces: its index with every stored face in it, or, while
   * that is still being made ready (see the top of this file), an exact scan of the catalog.
   * Null when faces are off.
   */
  current(): FaceSearcher | null {
    const modelId = this.options.modelId();
    if (modelId === null) return null;
    if (this.indexModelId !== modelId) this.open(modelId);
    if (this.index === null) return this.exactScan(modelId);
    this.flush();
    return this.index;
  }

  /** The current model's index once it holds every stored face (what clustering's k-NN needs); null when faces are off. */
  async ready(): Promise<VectorIndex | null> {
    if (this.current() === null || this.closed) return null;
    while (this.catchUp !== null) await this.catchUp;
    // The model changed meanwhile: that model's index.
    if (this.indexModelId !== this.options.modelId()) return this.ready();
    // Null when it could not be made ready (logged); the next call tries again.
    if (this.index !== null) this.flush();
    return this.index;
  }

  /**
   * The catalog stored (or re-embedded) these faces. Called inside the storing transaction, so the
   * vectors are read once it has ended (a microtask later): a rolled-back face is simply not found.
   */
  facesStored(faceIds: readonly number[]): void {
    if (this.indexModelId === null) return; // the first open reads everything anyway
    for (const id of faceIds) this.pending.add(id);
    this.scan?.stored(faceIds);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      if (!this.options.catalog.db.open || this.options.catalog.db.inTransaction) return;
      this.flush();
      // The last re-embedded faces of a model upgrade: checkpoint now, which ends the upgrade.
      if (this.olderIndexes && this.options.catalog.faces.staleCount() === 0) this.save();
    });
  }

  /**
   * Faces that stay in the catalog but are searchable no more (the user said "not a face"): hidden
   * from every search at once. Their vectors stay in the graphs, so taking one back (`facesStored`)
   * costs one insertion; a later `purge` erases them like any deleted face.
   */
  facesUnsearchable(faceIds: readonly number[]): void {
    if (this.current() === null) return;
    const index = this.index;
    if (index === null) {
      for (const id of faceIds) this.hiddenMeanwhile.add(id);
      this.scan?.unsearchable(faceIds);
      return;
    }
    for (const id of faceIds) {
      this.pending.delete(id);
      if (index.markDeleted(id)) this.unsaved = true;
    }
  }

  /**
   * Makes the index hold exactly the catalog's searchable faces: faces deleted with their source
   * or made stale by a model change leave (erased), missed ones come in. Cheap when nothing
   * differs; while the index catches up, that does it.
   */
  reconcile(): void {
    this.current();
    const index = this.index;
    this.scan?.reread();
    if (index === null || this.indexModelId === null) return;
    const state = this.repo.state(this.indexModelId);
    if (index.count === state.count && index.lastFaceId === state.lastFaceId) return;
    const { missing, extra } = this.differences(index, this.indexModelId);
    index.erase(extra);
    for (const row of this.repo.some(this.indexModelId, missing)) index.add(row.faceId, row.vector);
    this.unsaved = true;
  }

  /**
   * Removes faces for good: their vectors (and those of faces deleted before) are overwritten in
   * the graphs and the index saved, so they leave every file. Erased a few dozen at a time with the
   * event loop served between (each costs about one insertion), so forgetting a person with
   * thousands of faces does not hold up the API.
   */
  async purge(faceIds: readonly number[]): Promise<void> {
    const index = await this.ready();
    if (index === null) return;
    for (const id of faceIds) this.pending.delete(id);
    const ids = [...faceIds, ...index.unerasedIds];
    for (let start = 0; start < ids.length; start += facesErasedPerTurn) {
      index.erase(ids.slice(start, start + facesErasedPerTurn));
      await nextTurn();
    }
    index.purge([]);
    this.unsaved = false;
  }

  /** Checkpoint: writes the index and its sidecar atomically when anything changed since the last save. */
  save(): void {
    this.flush();
    if (this.index !== null && this.unsaved) {
      this.index.save();
      this.unsaved = false;
    }
    this.retireOlderIndexes();
  }

  close(): void {
    this.closed = true;
    this.job?.stop();
    if (this.options.catalog.db.open) this.save();
    this.index = null;
  }

  /** How many searchable faces of a model the catalog holds, and the highest id. */
  catalogState(modelId: number): { count: number; lastFaceId: number } {
    return this.repo.state(modelId);
  }

  /** Embeddings of some faces straight from the catalog (exact scans of small scopes). */
  vectorsOf(faceIds: readonly number[]): { faceId: number; vector: Float32Array }[] {
    return this.indexModelId === null ? [] : this.repo.some(this.indexModelId, faceIds);
  }

  /**
   * The end of a model upgrade: once no face waits to be re-embedded (faces.stale) and this
   * model's index, holding them all, is saved, the older model's index files are deleted. No
   * search reads them any more (vectors of two models are never compared), and going back to the
   * older model re-embeds every face again, so it would rebuild its index anyway. While stale faces
   * remain (their photos unreadable for now) the upgrade is not over and the files stay.
   */
  private retireOlderIndexes(): void {
    if (!this.olderIndexes || this.index === null || this.unsaved) return;
    if (this.options.catalog.faces.staleCount() > 0) return;
    removeOtherModelIndexes(this.options.dir, this.index.modelVersion);
    this.olderIndexes = false;
  }

  private flush(): void {
    if (this.index === null || this.indexModelId === null || this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending.clear();
    for (const row of this.repo.some(this.indexModelId, ids)) this.index.add(row.faceId, row.vector);
    this.unsaved = true;
  }

  /** Starts making the model's index ready in the background; searches scan exactly meanwhile. */
  private open(modelId: number): void {
    this.job?.stop();
    this.index = null;
    this.indexModelId = modelId;
    this.pending.clear();
    this.hiddenMeanwhile.clear();
    this.scan = null;
    this.catchingUp = 'opening the face index';
    const catchUp = this.catchUpIndex(modelId)
      .catch((error: unknown) => {
        if (!this.stillWanted(modelId)) return;
        log.error('the face index could not be made ready in the background; building it here instead', error);
        try {
          this.openHere(modelId);
        } catch (again: unknown) {
          log.error('the face index could not be built; searches scan the catalog until the next try', again);
          this.indexModelId = null;
          this.catchingUp = null;
        }
      })
      .finally(() => {
        if (this.catchUp === catchUp) this.catchUp = null;
      });
    this.catchUp = catchUp;
  }

  /** Whether this catch-up's work is still wanted (the library is open and the model unchanged). */
  private stillWanted(modelId: number): boolean {
    return !this.closed && this.indexModelId === modelId && this.options.catalog.db.open;
  }

  private async catchUpIndex(modelId: number): Promise<void> {
    const location = this.locationOf(modelId);
    let rebuildBecause: string | null = null;
    for (;;) {
      const { dir, modelVersion, dim } = location;
      const job: FaceIndexJob = { catalogFile: this.options.catalog.db.name, modelId, location: { dir, modelVersion, dim }, rebuildBecause };
      this.catchingUp = rebuildBecause === null ? 'checking the saved face index' : `rebuilding the face index: ${rebuildBecause}`;
      const running = startFaceIndexJob(job);
      this.job = running;
      const prepared = await running.result;
      if (this.job === running) this.job = null;
      if (!this.stillWanted(modelId)) return;
      if (!prepared.ok) throw new Error(prepared.error);
      if (prepared.rebuiltBecause !== null) this.catchingUp = `rebuilding the face index: ${prepared.rebuiltBecause}`;
      const loaded = await VectorIndex.loadChecked(location, prepared.sidecar);
      if (!this.stillWanted(modelId)) return;
      if ('problem' in loaded) {
        if (prepared.rebuiltBecause !== null) throw new Error(loaded.problem);
        rebuildBecause = loaded.problem;
        continue;
      }
      const { missing, extra } = this.differences(loaded, modelId);
      if (prepared.rebuiltBecause === null && missing.length > mostFacesCaughtUp) {
        rebuildBecause = `stale: the saved index lacks ${missing.length} faces`;
        continue;
      }
      if (missing.length > 0) this.catchingUp = `adding ${missing.length} faces to the face index`;
      if (!(await this.bringUpToDate(loaded, modelId, missing, extra))) return;
      this.install(loaded, prepared.rebuiltBecause, missing.length + extra.length > 0, location.modelVersion);
      return;
    }
  }

  /**
   * What opening did before the worker: load or rebuild on this thread, holding it meanwhile (a
   * minute or more at 100k faces). Only when the worker could not do it (it failed to start, say).
   */
  private openHere(modelId: number): void {
    const { index, rebuiltBecause } = VectorIndex.openOrRebuild({
      ...this.locationOf(modelId),
      catalogState: this.repo.state(modelId),
      loadAll: () => this.repo.all(modelId),
    });
    this.install(index, rebuiltBecause, false, index.modelVersion);
  }

  private locationOf(modelId: number) {
    const model = this.repo.model(modelId);
    if (model === null) throw new Error(`vector index: no embedding model with id ${modelId}`);
    return {
      dir: this.options.dir,
      modelVersion: `${model.name}-v${model.version}`,
      dim: model.dim,
      loadSome: (faceIds: readonly number[]) => this.repo.some(modelId, faceIds),
    };
  }

  /** The catalog's searchable faces the index lacks, and the faces it holds that the catalog no longer has. */
  private differences(index: VectorIndex, modelId: number): { missing: number[]; extra: number[] } {
    const ids = this.repo.ids(modelId);
    const extra: number[] = [];
    for (const id of index.liveIds()) if (!ids.has(id)) extra.push(id);
    return { missing: [...ids].filter((id) => !index.has(id)), extra };
  }

  /**
   * Adds the missing faces a slice at a time, the event loop served between slices, and erases
   * the extra ones (forgotten, maybe, after the last checkpoint). False when no longer wanted.
   */
  private async bringUpToDate(index: VectorIndex, modelId: number, missing: readonly number[], extra: readonly number[]): Promise<boolean> {
    index.erase(extra);
    let next = 0;
    while (next < missing.length) {
      await nextTurn();
      if (!this.stillWanted(modelId)) return false;
      const sliceStart = performance.now();
      while (next < missing.length && performance.now() - sliceStart < catchUpSliceMs) {
        const slice = missing.slice(next, next + 16);
        next += slice.length;
        for (const row of this.repo.some(modelId, slice)) index.add(row.faceId, row.vector);
      }
    }
    return true;
  }

  /** The caught-up index takes over from the exact scan, with what happened meanwhile applied. */
  private install(index: VectorIndex, rebuiltBecause: string | null, changed: boolean, modelVersion: string): void {
    this.index = index;
    this.scan = null;
    this.rebuiltBecause = rebuiltBecause;
    this.catchingUp = null;
    if (rebuiltBecause !== null && rebuiltBecause !== noSavedIndex) {
      log.warn(`face index rebuilt from the catalog: ${rebuiltBecause}`);
    }
    // Faces hidden after the catalog was compared are still in the index: hide them now.
    let hidden = false;
    for (const id of this.hiddenMeanwhile) {
      this.pending.delete(id);
      hidden = index.markDeleted(id) || hidden;
    }
    this.hiddenMeanwhile.clear();
    this.unsaved = changed || hidden;
    this.flush();
    this.olderIndexes = otherModelIndexFiles(this.options.dir, modelVersion).length > 0;
    this.retireOlderIndexes();
  }

  private exactScan(modelId: number): ExactFaceScan {
    this.scan ??= new ExactFaceScan({
      dim: this.repo.model(modelId)?.dim ?? 0,
      state: () => this.repo.state(modelId),
      all: () => this.repo.all(modelId),
      some: (faceIds) => this.repo.some(modelId, faceIds),
    });
    return this.scan;
  }
}
