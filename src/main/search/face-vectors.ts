/**
 * The HNSW index beside the catalog: one index per embedding model in <library>/vectors, a cache
 * of the catalog's searchable embeddings. Opened on first use (checked against the catalog and
 * rebuilt when missing, stale or damaged), fed as faces are stored, saved at checkpoints.
 */
import type { Catalog } from '../catalog/catalog';
import { FaceVectorsRepository } from '../catalog/face-vectors-repo';
import { nextTurn } from '../next-turn';
import { otherModelIndexFiles, removeOtherModelIndexes, VectorIndex } from '../vectors/vector-index';
import { noSavedIndex } from '../vectors/sidecar';

/** Vectors erased per turn of the event loop when faces are forgotten (~5 ms each at M=32). */
const facesErasedPerTurn = 16;

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
  private flushQueued = false;
  private unsaved = false;
  /** Index files of another model are still in the folder: a model upgrade has not finished. */
  private olderIndexes = false;
  /** Why the last open rebuilt the index from the catalog (null: loaded as saved, or not opened). */
  rebuiltBecause: string | null = null;

  constructor(private readonly options: FaceVectorsOptions) {
    this.repo = new FaceVectorsRepository(options.catalog.db);
  }

  /** The index of the current model with every stored face in it; null when faces are off. */
  current(): VectorIndex | null {
    const modelId = this.options.modelId();
    if (modelId === null) return null;
    if (this.index === null || this.indexModelId !== modelId) this.open(modelId);
    this.flush();
    return this.index;
  }

  /**
   * The catalog stored (or re-embedded) these faces. Called inside the storing transaction, so the
   * vectors are read once it has ended (a microtask later): a rolled-back face is simply not found.
   */
  facesStored(faceIds: readonly number[]): void {
    if (this.index === null) return; // the first open reads everything anyway
    for (const id of faceIds) this.pending.add(id);
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
    const index = this.current();
    if (index === null) return;
    for (const id of faceIds) {
      this.pending.delete(id);
      if (index.markDeleted(id)) this.unsaved = true;
    }
  }

  /**
   * Makes the index hold exactly the catalog's searchable faces: faces deleted with their source
   * or made stale by a model change leave, missed ones come in. Cheap when nothing differs.
   */
  reconcile(): void {
    const index = this.current();
    if (index === null || this.indexModelId === null) return;
    const state = this.repo.state(this.indexModelId);
    if (index.count === state.count && index.lastFaceId === state.lastFaceId) return;
    const ids = this.repo.ids(this.indexModelId);
    const missing = [...ids].filter((id) => !index.has(id));
    for (const row of this.repo.some(this.indexModelId, missing)) index.add(row.faceId, row.vector);
    if (index.count !== ids.size) {
      // Extra faces in the index (their rows were deleted): the index does not list its ids, so rebuild.
      this.open(this.indexModelId, true);
    }
    this.unsaved = true;
  }

  /**
   * Removes faces for good: their vectors (and those of faces deleted before) are overwritten in
   * the graphs and the index saved, so they leave every file. Erased a few dozen at a time with the
   * event loop served between (each costs about one insertion), so forgetting a person with
   * thousands of faces does not hold up the API.
   */
  async purge(faceIds: readonly number[]): Promise<void> {
    const index = this.current();
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

  private open(modelId: number, forceRebuild = false): void {
    const model = this.repo.model(modelId);
    if (model === null) throw new Error(`vector index: no embedding model with id ${modelId}`);
    const location = {
      dir: this.options.dir,
      modelVersion: `${model.name}-v${model.version}`,
      dim: model.dim,
      loadSome: (faceIds: readonly number[]) => this.repo.some(modelId, faceIds),
    };
    this.pending.clear();
    if (forceRebuild) {
      this.index = VectorIndex.build(location, this.repo.all(modelId), this.repo.state(modelId).count);
      this.rebuiltBecause = 'faces were removed from the catalog';
    } else {
      const { index, rebuiltBecause } = VectorIndex.openOrRebuild({
        ...location,
        catalogState: this.repo.state(modelId),
        loadAll: () => this.repo.all(modelId),
      });
      this.index = index;
      this.rebuiltBecause = rebuiltBecause;
      if (rebuiltBecause !== null && rebuiltBecause !== noSavedIndex) {
        console.warn(`facet: face index rebuilt from the catalog: ${rebuiltBecause}`);
      }
    }
    this.indexModelId = modelId;
    // Loaded as saved or rebuilt and saved: a checkpoint of its own.
    this.unsaved = false;
    this.olderIndexes = otherModelIndexFiles(this.options.dir, location.modelVersion).length > 0;
    this.retireOlderIndexes();
  }
}
