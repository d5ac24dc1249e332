import type { SourceKind } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { FaceWorkFile } from '../catalog/face-states-repo';
import { originalLocation } from '../catalog/photo-queries';
import type { Pipeline } from '../pipeline/types';
import type { FileToProcess } from '../domain/indexed-file';
import type { FaceStore } from './face-store';
import type { LocalOriginal, OriginalAccess } from './originals';
import { librarySubject, type Job, type JobRunner } from '../jobs/job-runner';

export interface FaceWorkOptions {
  catalog: Catalog;
  pipeline: () => Promise<Pipeline>;
  store: FaceStore;
  originals: Record<SourceKind, OriginalAccess>;
  /** Runs the pass as the 'faces' job; its signal stops it between batches. */
  jobs: JobRunner;
  /** After a batch changed faces in the catalog. */
  onChange(): void;
}

/**
 * The background face pass, after indexing: finds the faces of photos that have none yet
 * (indexed before faces were on, or whose models failed), then re-embeds faces of an older
 * model version from their photos, so that one library never holds vectors of two models.
 * The catalog is the queue (face_state 'pending', faces.stale), so it resumes after a restart.
 *
 * A model upgrade (a pack with another model version, say v1's 1024-d faceres to v2's 512-d
 * ArcFace) keeps the user's work because a re-embedded face is the same row: only its embedding,
 * quality and model change (FacesRepository.updateEmbedding), at the box and keypoints stored.
 * - Names and hidden people: columns of `people`, untouched. A person keeps its stale faces
 *   (person_id stays) and is listed with them while the upgrade runs.
 * - Merges: `person_merges` and `people.merged_into` name people, and the merged faces already
 *   carry the survivor's id; undo still works (it lists face ids).
 * - Splits and moved faces: `faces.assigned_by = 'user'` with the person, on the row; the
 *   clustering pins them (people/constraints.ts), whatever model embedded them.
 * - "Not this person": `face_person_rejections` rows by face id, kept as cannot-links.
 * - Forgotten faces: tombstones are never made stale, so never get a vector back (migration 5).
 * - Event guests: their photos are recomputed; selfie references (vectors of the old model,
 *   selfies not kept) are embedded again from their stored crops after indexing
 *   (events/guests-references.ts reembedReferences). Linked people: as any person.
 * Meanwhile stale faces are in no search and no clustering (both read the current model's,
 * non-stale vectors only), and a clustering run does not count them as clustered
 * (PeopleRepository.setClusteringState), so the first run once none is stale clusters all faces
 * with the user's constraints. The status shows faces done of all (FacesRepository.reembedProgress).
 * Once no face is stale, the new model's index is saved and the old model's index files are
 * deleted (search/face-vectors.ts).
 * Tested end to end by test/faces/model-upgrade-v2.test.ts.
 */
export class FaceWork {
  private paused = false;
  private readonly job: Job<void>;
  private readonly signal: AbortSignal;

  constructor(private readonly options: FaceWorkOptions) {
    this.signal = options.jobs.signal;
    this.job = options.jobs.register({ kind: 'faces', describe: () => 'Find and update faces', run: () => this.run() });
  }

  /** Face work may be waiting: the pass runs (once more after the one going, which may have missed it). */
  kick(): void {
    const { catalog, store } = this.options;
    if (this.stopping || store.runtime.modelId === null) return;
    // No work, no job: the status lists only passes that have something to do.
    if (catalog.faceStates.queuedCount() === 0 && catalog.faces.staleCount() === 0) return;
    void this.job.request();
  }

  /** Resolves when no face work is left that can be done now. */
  async idle(): Promise<void> {
    this.kick();
    await this.job.idle(librarySubject);
  }

  /** The user paused indexing: the batch in flight finishes, no new one starts until resumed. */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!paused) this.kick();
  }

  /** Face recognition switched off by the user stops the pass too (the setting is read each batch). */
  private get stopping(): boolean {
    return this.signal.aborted || this.paused || !this.options.catalog.settings.get('faceRecognition');
  }

  private async run(): Promise<void> {
    const pipeline = await this.options.pipeline();
    await this.findMissingFaces(pipeline);
    await this.reembedStaleFaces(pipeline);
  }

  private async findMissingFaces(pipeline: Pipeline): Promise<void> {
    const { catalog, store } = this.options;
    for (let after = 0; !this.stopping;) {
      const batch = catalog.faceStates.queue(after, pipeline.capacity);
      if (batch.length === 0) return;
      after = batch.at(-1)!.id;
      await Promise.all(
        batch.map((file) =>
          this.withOriginal(file, async (original) => {
            const scan = await pipeline.findFaces(original, file.sha256);
            catalog.transaction(() => store.storeScan(file.id, file.sha256, scan));
          }),
        ),
      );
      this.options.onChange();
    }
  }

  private async reembedStaleFaces(pipeline: Pipeline): Promise<void> {
    const { catalog } = this.options;
    for (let after = ''; !this.stopping;) {
      const contents = catalog.faces.staleContent(after, pipeline.capacity);
      if (contents.length === 0) return;
      after = contents.at(-1)!;
      await Promise.all(contents.map((sha256) => this.reembed(pipeline, sha256)));
      this.options.onChange();
    }
  }

  /** Without a readable copy of the content its faces stay stale (kept, but not searched). */
  private async reembed(pipeline: Pipeline, sha256: string): Promise<void> {
    const { catalog, store } = this.options;
    const file = catalog.faceStates.liveFileWithContent(sha256);
    const faces = catalog.faces.staleFaces(sha256);
    if (file === null || faces.length === 0) return;
    await this.withOriginal(file, async (original) => {
      const result = await pipeline.reembedFaces(original, sha256, faces);
      store.runtime.provider = result.provider;
      catalog.transaction(() => {
        const modelId = catalog.faces.modelId(result.model);
        const updated = faces.filter((face, i) => catalog.faces.updateEmbedding(face.id, result.embeddings[i]!, result.qualities[i]!, modelId));
        store.reembedded(updated.map((face) => face.id));
      });
    });
  }

  /**
   * Runs face work on a local copy of the original. A photo that cannot be read gets face_state
   * 'error' naming why (it stays indexed); one whose source is away waits for the next pass.
   */
  private async withOriginal(file: FaceWorkFile, work: (original: FileToProcess) => Promise<void>): Promise<void> {
    const { catalog, originals } = this.options;
    const source = catalog.sources.get(file.sourceId);
    if (source === null) return;
    const access = originals[source.kind];
    let original: LocalOriginal | null = null;
    try {
      original = await access.open(source, file);
      await work({ path: original.path, sizeBytes: original.sizeBytes, mtimeMs: original.mtimeMs });
    } catch (error) {
      const verdict = await access.judgeFailure(source, file, error);
      if (verdict.outcome !== 'error') return;
      const location = originalLocation(source.kind, source.root, file.relPath);
      catalog.transaction(() => {
        catalog.faceStates.markError(file.id, verdict.reason);
        catalog.errors.record(source.id, location, 'faces', verdict.reason);
      });
    } finally {
      await original?.release().catch(() => undefined);
    }
  }
}
