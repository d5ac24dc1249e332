import type { Catalog } from '../catalog/catalog';
import type { PendingFile } from '../catalog/files-repo';
import { originalLocation } from '../catalog/photo-queries';
import type { SourceRow } from '../catalog/sources-repo';
import type { SourceKind } from '../../shared/api';
import type { Pipeline } from '../pipeline/types';
import type { ProcessedFile } from '../domain/indexed-file';
import { indexingStageTimes, timeStage } from '../pipeline/stage-times';
import { describeDerivatives } from './derivative-files';
import type { FailureVerdict, LocalOriginal, OriginalAccess } from './originals';
import type { Job, JobContext, JobRunner } from '../jobs/job-runner';
import { log } from '../log';

/** 'deferred': the source went away mid-file; the row stays pending for when it is back. */
export type FileOutcome = 'indexed' | 'error' | 'missing' | 'superseded' | 'deferred';

export interface ProcessorHooks {
  onFileDone(sourceId: number, outcome: FileOutcome): void;
  /** Inside the commit's transaction, once the file's facts are stored: its faces. */
  storeFaces(fileId: number, result: ProcessedFile): void;
}

interface InFlight {
  sourceId: number;
  done: Promise<void>;
}

/**
 * Feeds pending rows to the pipeline, at most `pipeline.capacity` at a time, and commits each
 * result in one transaction: the 'index' job, which runs while rows are pending. The pending
 * state in the catalog is the queue, so a killed process resumes exactly where it stopped: a file
 * is either committed or still pending.
 */
export class IndexProcessor {
  private readonly inFlight = new Map<number, InFlight>(); // by file id
  private paused = false;
  private readonly sourceWaiters = new Map<number, (() => void)[]>();
  private readonly job: Job<void>;
  private readonly signal: AbortSignal;

  constructor(
    private readonly catalog: Catalog,
    private readonly libraryDir: string,
    private readonly pipeline: () => Promise<Pipeline>,
    private readonly hooks: ProcessorHooks,
    private readonly originals: Record<SourceKind, OriginalAccess>,
    jobs: JobRunner,
  ) {
    this.signal = jobs.signal;
    this.job = jobs.register({ kind: 'index', describe: () => 'Index new and changed files', run: (context) => this.run(context) });
  }

  /** New pending rows may exist: the running job takes them in, or one starts (not while paused). */
  kick(): void {
    if (!this.paused) void this.job.request();
  }

  /** Resolves when the source has nothing pending (or processing stopped). */
  async drained(sourceId: number): Promise<void> {
    if (this.isDrained(sourceId) || this.signal.aborted) return;
    const waiting = new Promise<void>((resolve) => {
      const list = this.sourceWaiters.get(sourceId) ?? [];
      list.push(resolve);
      this.sourceWaiters.set(sourceId, list);
    });
    this.kick();
    return waiting;
  }

  /** A source was paused or resumed: waiters of a paused source with nothing in flight are done. */
  sourceStateChanged(): void {
    this.resolveWaiters((sourceId) => this.isDrained(sourceId));
    this.kick();
  }

  /** The user paused indexing: files in flight are committed, no new one starts until resumed. */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    // Paused, the running job takes no new file and ends once those in flight are committed.
    if (paused) this.resolveWaiters((sourceId) => this.isDrained(sourceId));
    else this.kick();
  }

  async idle(): Promise<void> {
    this.kick();
    await this.job.idle();
  }

  /**
   * Fills the pipeline's free slots with pending rows, then waits for a file to finish or for a
   * request (a scan queued rows), until nothing is pending or in flight. Stopped (the engine
   * closing) or paused, it takes no new file and waits for those in flight to be committed.
   */
  private async run({ signal, nextRequest }: JobContext): Promise<void> {
    try {
      const pipeline = await this.pipeline();
      while (!signal.aborted) {
        const free = pipeline.capacity - this.inFlight.size;
        const batch = free > 0 && !this.paused ? this.catalog.files.pending(pipeline.capacity + this.inFlight.size) : [];
        const fresh = batch.filter((file) => !this.inFlight.has(file.id)).slice(0, Math.max(free, 0));
        if (fresh.length === 0 && this.inFlight.size === 0) return;
        for (const file of fresh) {
          const done = this.processOne(pipeline, file)
            .catch((error: unknown) => log.error(`indexing ${file.relPath} failed`, error))
            .finally(() => this.inFlight.delete(file.id));
          this.inFlight.set(file.id, { sourceId: file.sourceId, done });
        }
        await Promise.race([nextRequest(), ...[...this.inFlight.values()].map((file) => file.done)]);
      }
      await Promise.all([...this.inFlight.values()].map((file) => file.done));
    } finally {
      this.resolveWaiters(() => true);
    }
  }

  private async processOne(pipeline: Pipeline, file: PendingFile): Promise<void> {
    const source = this.catalog.sources.get(file.sourceId);
    if (source === null) return; // removed meanwhile
    const location = originalLocation(source.kind, source.root, file.relPath);
    const access = this.originals[source.kind];
    let outcome: FileOutcome;
    let original: LocalOriginal | null = null;
    try {
      original = await access.open(source, file);
      const result = await pipeline.process({
        path: original.path,
        sizeBytes: original.sizeBytes,
        mtimeMs: original.mtimeMs,
      });
      const derivatives = await timeStage(indexingStageTimes, 'derivative rows', () => describeDerivatives(this.libraryDir, result));
      const committed = original.file;
      outcome = await timeStage(indexingStageTimes, 'catalog commit', () =>
        this.catalog.transaction((): FileOutcome => {
          if (!this.catalog.files.commitProcessed(committed, result)) return 'superseded';
          for (const row of derivatives) this.catalog.derivatives.record(row);
          this.hooks.storeFaces(committed.id, result);
          this.catalog.errors.clear(file.sourceId, location);
          return 'indexed';
        }),
      );
    } catch (error) {
      outcome = this.recordFailure(original?.file ?? file, location, await access.judgeFailure(source, file, error));
    } finally {
      await original?.release().catch((error: unknown) => log.warn(`cleaning up after ${location}`, error));
    }
    this.hooks.onFileDone(file.sourceId, outcome);
    this.resolveWaiters((sourceId) => sourceId === file.sourceId && this.isDrained(sourceId));
  }

  private recordFailure(file: PendingFile, location: string, verdict: FailureVerdict): FileOutcome {
    if (verdict.outcome === 'retry-later') return 'deferred';
    return this.catalog.transaction(() => {
      if (verdict.outcome === 'missing') {
        return this.catalog.files.markMissingAt(file.sourceId, file.relPath) > 0 ? 'missing' : 'superseded';
      }
      if (!this.catalog.files.markError(file)) return 'superseded';
      this.catalog.errors.record(file.sourceId, location, verdict.stage, verdict.reason);
      return 'error';
    });
  }

  /** Nothing in flight, and nothing pending that could run now (rows of a paused source, or of a paused library, wait). */
  private isDrained(sourceId: number): boolean {
    for (const file of this.inFlight.values()) if (file.sourceId === sourceId) return false;
    if (this.signal.aborted || this.paused) return true;
    return this.catalog.files.pendingCount(sourceId) === 0 || !canServe(this.catalog.sources.get(sourceId));
  }

  private resolveWaiters(ready: (sourceId: number) => boolean): void {
    for (const [sourceId, list] of this.sourceWaiters) {
      if (!ready(sourceId)) continue;
      this.sourceWaiters.delete(sourceId);
      for (const resolve of list) resolve();
    }
  }
}

/** The same rule as the queue query (FilesRepository.pending): paused and failed sources wait. */
function canServe(source: SourceRow | null): boolean {
  return source !== null && source.state !== 'paused' && source.state !== 'error';
}
