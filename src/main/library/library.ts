import type { Readable } from 'node:stream';
import type { FacetEvent, IndexProgress, SourceState } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { SourceRow } from '../catalog/sources-repo';
import type { Pipeline } from '../pipeline/types';
import { SourceUnavailableError } from '../sources/folder-scanner';
import { watchFolder, type FolderWatcher } from '../sources/folder-watcher';
import { S3SourceError, type S3ResilienceOptions, type SecretStore } from '../sources/s3';
import { FaceStore, type FaceRuntime } from './face-store';
import { FaceWork } from './face-work';
import { IndexProcessor, type FileOutcome } from './index-processor';
import { folderOriginals } from './originals';
import { SourceProgress } from './progress';
import { scanS3Source } from './s3-scan';
import { parseS3Config, S3Sources } from './s3-sources';
import { scanSourceFolder, scanTouchedPaths, type ScanCallbacks } from './source-scan';
import { errorMessage } from '../../shared/error-message';
import type { Job, JobContext, JobRunner } from '../jobs/job-runner';
import { log } from '../log';
import type { EngineBus } from '../bus/engine-bus';

/**
 * What a source's scan job still has to do: a full scan, or just the paths a watcher reported.
 * Requests add to it until its run takes them; the run's progress lives here while it goes.
 */
interface ScanWork {
  full: boolean;
  paths: Set<string>;
  progress: SourceProgress | null;
}

export interface LibraryOptions {
  catalog: Catalog;
  libraryDir: string;
  pipeline: () => Promise<Pipeline>;
  emit: (event: FacetEvent) => void;
  /** The engine's job runner: scans, indexing, the face pass and the change signal are its jobs. */
  jobs: JobRunner;
  watchDebounceMs?: number;
  /** Where S3 sources' credentials are kept (the catalog holds only a reference). */
  secretStore: SecretStore;
  /** Staging folder for S3 originals while they are processed. */
  s3StagingDir: string;
  s3Resilience?: Partial<S3ResilienceOptions>;
  /** The face models of this run (the engine reads the pack); absent: faces are off. */
  faces?: FaceRuntime;
  /** Where the faces stored by indexing and the face pass are announced. */
  bus: EngineBus;
}

const libraryChangedIntervalMs = 1000;

/** An S3 source stopped mid-run (state set already): the scan job fails with this reason. */
class ScanStopped extends Error {}

/**
 * Drives indexing: a 'scan' job per source (scans never overlap for a source; requests made
 * meanwhile are merged into the next round), one shared processor feeding the pipeline (the
 * 'index' job), the face pass ('faces'), and a watcher per folder source while the app runs.
 */
export class Library {
  private readonly catalog: Catalog;
  private readonly processor: IndexProcessor;
  private readonly scanWork = new Map<number, ScanWork>();
  private readonly scans: Job<void>;
  private readonly watchers = new Map<number, FolderWatcher>();
  private readonly s3: S3Sources;
  /** Records the faces indexing finds; a sync stores the faces it brings in through it too. */
  readonly faceStore: FaceStore;
  private readonly faceWork: FaceWork;
  /** At most one photos-and-people change event a second while files (or faces) keep landing. */
  private readonly libraryChanged: Job<void>;
  /** Aborts once, when the engine closes. */
  private readonly stopped: AbortSignal;

  constructor(private readonly options: LibraryOptions) {
    this.catalog = options.catalog;
    this.stopped = options.jobs.signal;
    this.scans = options.jobs.register({
      kind: 'scan',
      describe: (subject) => `Scan ${this.catalog.sources.get(Number(subject))?.label ?? `source ${subject}`}`,
      // A source that went away is paused, and an S3 one resumes by itself once it is back.
      retry: { attempts: 1, backoffMs: 0 },
      run: (context) => this.runScan(Number(context.subject), context),
    });
    this.libraryChanged = options.jobs.register({
      kind: 'library-changed',
      persist: false,
      debounce: { waitMs: libraryChangedIntervalMs, maxWaitMs: libraryChangedIntervalMs },
      run: async () => this.options.emit({ type: 'changed', domains: ['photos', 'people'] }),
    });
    this.s3 = new S3Sources({
      catalog: options.catalog,
      secretStore: options.secretStore,
      stagingDir: options.s3StagingDir,
      resilience: options.s3Resilience,
      onStateChange: (sourceId, state, reason) => this.onS3StateChange(sourceId, state, reason),
    });
    const originals = { folder: folderOriginals, s3: this.s3 };
    this.faceStore = new FaceStore(options.catalog, options.libraryDir, options.faces ?? { modelId: null, tuning: null, provider: null }, options.bus);
    this.processor = new IndexProcessor(
      options.catalog,
      options.libraryDir,
      options.pipeline,
      {
        onFileDone: (sourceId, outcome) => this.onFileDone(sourceId, outcome),
        storeFaces: (fileId, result) => this.faceStore.afterCommit(fileId, result),
      },
      originals,
      options.jobs,
    );
    this.faceWork = new FaceWork({
      catalog: options.catalog,
      pipeline: options.pipeline,
      store: this.faceStore,
      originals,
      jobs: options.jobs,
      onChange: () => void this.libraryChanged.request(),
    });
    if (this.catalog.settings.get('indexingPaused')) this.pauseWork(true);
    // States written by a process that was killed mid-run are stale.
    for (const source of this.catalog.sources.list()) {
      if (source.state === 'scanning' || source.state === 'indexing' || source.state === 'watching') {
        this.catalog.sources.setState(source.id, 'idle');
      }
    }
  }

  /** Empties the S3 staging folder of what a killed process left; call before the first scan. */
  prepare(): Promise<void> {
    return this.s3.prepare();
  }

  /** Full incremental scan of a source, then indexing of what it queued; resolves when done. */
  scan(sourceId: number): Promise<void> {
    return this.request(sourceId, { full: true });
  }

  scanPaths(sourceId: number, relPaths: readonly string[]): Promise<void> {
    return this.request(sourceId, { paths: relPaths });
  }

  async indexAll(): Promise<void> {
    await Promise.all(this.catalog.sources.list().map((source) => this.scan(source.id)));
    await this.processor.idle();
    await this.faceWork.idle();
  }

  get indexingPaused(): boolean {
    return this.catalog.settings.get('indexingPaused');
  }

  /**
   * Pauses or resumes indexing (kept in the catalog, so a pause outlives a restart). Files in
   * flight are committed; scans go on recording changes, which wait as pending files.
   */
  setIndexingPaused(paused: boolean): void {
    this.catalog.settings.set('indexingPaused', paused);
    this.pauseWork(paused);
    this.options.emit({ type: 'changed', domains: ['sources', 'jobs'] });
    if (!paused) this.indexPending(this.catalog.files.pendingPaths());
  }

  /**
   * Files that could not be indexed, and photos whose faces could not be found, are tried again
   * (of one source, or every source); returns how many of each.
   */
  retryFailed(sourceId: number | null): { files: number; faces: number } {
    const { files, faces } = this.catalog.transaction(() => ({
      files: this.catalog.files.retryFailed(sourceId),
      faces: this.catalog.faceStates.retryFailed(sourceId),
    }));
    this.indexPending(files);
    if (faces > 0) this.faceWork.kick();
    this.options.emit({ type: 'changed', domains: ['photos', 'jobs'] });
    return { files: files.length, faces };
  }

  /** Bytes of an S3 original, for playback (S3 originals are not kept on this machine). */
  readS3Range(sourceId: number, relPath: string, range: { start: number; end: number }, etag: string | null): Promise<Readable> {
    const source = this.catalog.sources.get(sourceId);
    if (source === null || source.kind !== 's3') return Promise.reject(new Error(`source ${sourceId} is not an S3 source`));
    return this.s3.openRange(source, relPath, range, etag);
  }

  /** Face recognition was turned back on: photos indexed while it was off are looked at for faces; returns how many. */
  findSkippedFaces(): number {
    const queued = this.catalog.faceStates.requeueSkipped();
    this.faceWork.kick();
    this.options.emit({ type: 'changed', domains: ['photos', 'jobs'] });
    return queued;
  }

  async watch(sourceId: number): Promise<void> {
    const source = this.catalog.sources.get(sourceId);
    if (this.stopped.aborted || source === null || source.kind !== 'folder' || this.watchers.has(sourceId)) return;
    const watcher = watchFolder(source.root, (paths) => void this.scanPaths(sourceId, paths), {
      debounceMs: this.options.watchDebounceMs,
      onError: (error) => log.warn(`watching ${source.root} failed`, error),
    });
    this.watchers.set(sourceId, watcher);
    await watcher.ready;
    const now = this.catalog.db.open ? this.catalog.sources.get(sourceId) : null;
    if (this.watchers.get(sourceId) === watcher && !this.scanWork.has(sourceId) && now?.state === 'idle') {
      this.setState(sourceId, 'watching');
    }
  }

  /** Stops everything for a source about to be removed. */
  async forget(sourceId: number): Promise<void> {
    await this.watchers.get(sourceId)?.close();
    this.watchers.delete(sourceId);
    await this.scans.cancel(String(sourceId));
    this.scanWork.delete(sourceId);
    await this.s3.forget(sourceId);
  }

  /** Call once the job runner has stopped (the engine closes it first): no scan or file is in flight. */
  async close(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.close()));
    this.watchers.clear();
    await this.s3.close();
  }

  private pauseWork(paused: boolean): void {
    this.processor.setPaused(paused);
    this.faceWork.setPaused(paused);
  }

  /** Pending files get a source run each (with its progress), as if a watcher had seen them change. */
  private indexPending(files: readonly { sourceId: number; relPath: string }[]): void {
    const bySource = new Map<number, string[]>();
    for (const { sourceId, relPath } of files) {
      const relPaths = bySource.get(sourceId);
      if (relPaths) relPaths.push(relPath);
      else bySource.set(sourceId, [relPath]);
    }
    for (const [sourceId, relPaths] of bySource) void this.scanPaths(sourceId, relPaths);
  }

  /** Resolves once the scan that covers this request is done (or failed: the job keeps why). */
  private request(sourceId: number, work: { full: true } | { paths: readonly string[] }): Promise<void> {
    if (this.stopped.aborted) return Promise.resolve();
    let pending = this.scanWork.get(sourceId);
    if (pending === undefined) {
      pending = { full: false, paths: new Set(), progress: null };
      this.scanWork.set(sourceId, pending);
    }
    if ('full' in work) pending.full = true;
    else for (const p of work.paths) pending.paths.add(p);
    return this.scans.request(String(sourceId));
  }

  /** The 'scan' job of a source: rounds of scanning and indexing until no request is left. */
  private async runScan(sourceId: number, context: JobContext): Promise<void> {
    // No work asked for through request(): a retried dead letter, or a scan resumed after a restart, so all of it.
    const run = this.scanWork.get(sourceId) ?? { full: true, paths: new Set<string>(), progress: null };
    this.scanWork.set(sourceId, run);
    try {
      await this.scanRounds(sourceId, run, context);
    } finally {
      // Work asked for after the last round waits for the next run (the runner starts one).
      if (!run.full && run.paths.size === 0) this.scanWork.delete(sourceId);
    }
  }

  private async scanRounds(sourceId: number, run: ScanWork, context: JobContext): Promise<void> {
    const source = this.catalog.sources.get(sourceId);
    if (source === null) return;
    const progress = new SourceProgress(
      sourceId,
      () => this.catalog.files.pendingCount(sourceId),
      (p: IndexProgress) => this.options.emit({ type: 'index-progress', progress: p }),
    );
    run.progress = progress;
    // "Unchanged" means unchanged since the last run: a second pass of this run (asked for while
    // it was going) finds the files this run just indexed unchanged, and must not count them.
    let firstPass = true;
    const callbacks = {
      onBatch: () => this.processor.kick(),
      onSkipped: (count: number) => {
        if (firstPass) progress.fileSkipped(count);
      },
      signal: this.stopped,
    };
    try {
      // Requests made meanwhile added their work to `run`: this loop does it, no run follows for them.
      const more = () => {
        context.takeRequests();
        return run.full || run.paths.size > 0;
      };
      for (; more() && !this.stopped.aborted; firstPass = false) {
        const full = run.full;
        const paths = [...run.paths];
        run.full = false;
        run.paths.clear();
        if (source.kind === 's3') await this.scanS3(source, callbacks);
        else {
          this.setState(sourceId, 'scanning');
          progress.setPhase('scanning');
          if (full) await scanSourceFolder(this.catalog, source, callbacks);
          else await scanTouchedPaths(this.catalog, source, paths, callbacks);
        }
        this.setState(sourceId, 'indexing');
        progress.setPhase('indexing');
        await this.processor.drained(sourceId);
      }
      const stopped = source.kind === 's3' ? await this.s3StoppedMidRun(sourceId) : null;
      if (stopped !== null) {
        this.setState(sourceId, stopped.state, stopped.reason);
        throw new ScanStopped(stopped.reason);
      }
      this.setState(sourceId, this.watchers.has(sourceId) ? 'watching' : 'idle');
      // Copies of content decoded earlier may still need their faces.
      this.faceWork.kick();
    } catch (error) {
      if (this.stopped.aborted || error instanceof ScanStopped) throw error;
      const reason = errorMessage(error);
      if (error instanceof SourceUnavailableError) this.setState(sourceId, 'paused', reason);
      else if (error instanceof S3SourceError && error.transient) {
        this.setState(sourceId, 'paused', (await this.s3.pauseReason(sourceId)) ?? reason);
      } else {
        this.setState(sourceId, 'error', reason);
      }
      // The runner logs it and keeps it as a dead letter, which a retry scans again.
      throw error;
    } finally {
      if (!this.stopped.aborted) {
        progress.finish();
        this.options.emit({ type: 'changed', domains: ['photos', 'jobs'] });
      }
    }
  }

  /**
   * Opens the client before the source shows as scanning, so a source without usable settings or
   * credentials goes straight to 'error' with the reason, and its queued rows never start.
   */
  private async scanS3(source: SourceRow, callbacks: ScanCallbacks): Promise<void> {
    const client = await this.s3.client(source);
    this.setState(source.id, 'scanning');
    this.scanWork.get(source.id)?.progress?.setPhase('scanning');
    await scanS3Source(this.catalog, source, client, parseS3Config(source).prefix, callbacks);
  }

  /**
   * An S3 source that went away mid-run stays paused (it is scanned again when it is back); one
   * whose keys were refused while files were downloaded stays in error.
   */
  private async s3StoppedMidRun(sourceId: number): Promise<{ state: 'paused' | 'error'; reason: string } | null> {
    const paused = await this.s3.pauseReason(sourceId);
    if (paused !== null) return { state: 'paused', reason: paused };
    const row = this.catalog.sources.get(sourceId);
    return row?.state === 'error' ? { state: 'error', reason: row.stateReason ?? 'the source failed' } : null;
  }

  /** The client's view of its server; 'error' comes from a file that showed the keys are refused. */
  private onS3StateChange(sourceId: number, state: 'paused' | 'error' | 'online', reason: string | null): void {
    if (this.stopped.aborted) return;
    if (state === 'online') {
      if (this.catalog.sources.get(sourceId)?.state === 'paused') this.setState(sourceId, 'idle');
      // Resume by itself: list again (objects may have changed meanwhile) and index what waits.
      void this.scan(sourceId);
    } else {
      this.setState(sourceId, state, reason);
    }
    this.processor.sourceStateChanged();
  }

  private setState(sourceId: number, state: SourceState, reason: string | null = null): void {
    // Called by scan jobs and S3 callbacks, neither of which outlives the job runner (nor so the catalog).
    if (this.catalog.sources.get(sourceId) === null) return;
    this.catalog.sources.setState(sourceId, state, reason);
    this.options.emit({ type: 'changed', domains: ['sources'] });
  }

  private onFileDone(sourceId: number, outcome: FileOutcome): void {
    if (outcome === 'superseded' || outcome === 'deferred') return;
    this.scanWork.get(sourceId)?.progress?.fileDone(outcome === 'error');
    void this.libraryChanged.request();
  }
}
