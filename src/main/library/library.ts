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
import { log } from '../log';

/** What a source's run loop still has to do: a full scan, or just the paths a watcher reported. */
interface SourceRun {
  full: boolean;
  paths: Set<string>;
  done: Promise<void>;
  abort: AbortController;
  progress: SourceProgress | null;
}

export interface LibraryOptions {
  catalog: Catalog;
  libraryDir: string;
  pipeline: () => Promise<Pipeline>;
  emit: (event: FacetEvent) => void;
  watchDebounceMs?: number;
  /** Where S3 sources' credentials are kept (the catalog holds only a reference). */
  secretStore: SecretStore;
  /** Staging folder for S3 originals while they are processed. */
  s3StagingDir: string;
  s3Resilience?: Partial<S3ResilienceOptions>;
  /** The face models of this run (the engine reads the pack); absent: faces are off. */
  faces?: FaceRuntime;
}

const libraryChangedIntervalMs = 1000;

/**
 * Drives indexing: one run loop per source (scans never overlap for a source; requests made
 * meanwhile are merged into the next round), one shared processor feeding the pipeline, and
 * a watcher per folder source while the app runs.
 */
export class Library {
  private readonly catalog: Catalog;
  private readonly processor: IndexProcessor;
  private readonly runs = new Map<number, SourceRun>();
  private readonly watchers = new Map<number, FolderWatcher>();
  private readonly s3: S3Sources;
  private readonly faceStore: FaceStore;
  private readonly faceWork: FaceWork;
  private libraryChangedTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: LibraryOptions) {
    this.catalog = options.catalog;
    this.s3 = new S3Sources({
      catalog: options.catalog,
      secretStore: options.secretStore,
      stagingDir: options.s3StagingDir,
      resilience: options.s3Resilience,
      onStateChange: (sourceId, state, reason) => this.onS3StateChange(sourceId, state, reason),
    });
    const originals = { folder: folderOriginals, s3: this.s3 };
    this.faceStore = new FaceStore(options.catalog, options.libraryDir, options.faces ?? { modelId: null, tuning: null, provider: null });
    this.processor = new IndexProcessor(
      options.catalog,
      options.libraryDir,
      options.pipeline,
      {
        onFileDone: (sourceId, outcome) => this.onFileDone(sourceId, outcome),
        storeFaces: (fileId, result) => this.faceStore.afterCommit(fileId, result),
      },
      originals,
    );
    this.faceWork = new FaceWork({
      catalog: options.catalog,
      pipeline: options.pipeline,
      store: this.faceStore,
      originals,
      onChange: () => this.scheduleLibraryChanged(),
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

  isRunning(sourceId: number): boolean {
    return this.runs.has(sourceId);
  }

  async watch(sourceId: number): Promise<void> {
    const source = this.catalog.sources.get(sourceId);
    if (this.closed || source === null || source.kind !== 'folder' || this.watchers.has(sourceId)) return;
    const watcher = watchFolder(source.root, (paths) => void this.scanPaths(sourceId, paths), {
      debounceMs: this.options.watchDebounceMs,
      onError: (error) => log.warn(`watching ${source.root} failed`, error),
    });
    this.watchers.set(sourceId, watcher);
    await watcher.ready;
    const now = this.catalog.db.open ? this.catalog.sources.get(sourceId) : null;
    if (this.watchers.get(sourceId) === watcher && !this.runs.has(sourceId) && now?.state === 'idle') {
      this.setState(sourceId, 'watching');
    }
  }

  /** Stops everything for a source about to be removed. */
  async forget(sourceId: number): Promise<void> {
    await this.watchers.get(sourceId)?.close();
    this.watchers.delete(sourceId);
    const run = this.runs.get(sourceId);
    run?.abort.abort();
    await run?.done.catch(() => undefined);
    await this.s3.forget(sourceId);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.libraryChangedTimer) clearTimeout(this.libraryChangedTimer);
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.close()));
    this.watchers.clear();
    for (const run of this.runs.values()) run.abort.abort();
    await this.processor.close();
    await this.faceWork.close();
    await Promise.all([...this.runs.values()].map((run) => run.done.catch(() => undefined)));
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

  private request(sourceId: number, work: { full: true } | { paths: readonly string[] }): Promise<void> {
    if (this.closed) return Promise.resolve();
    const existing = this.runs.get(sourceId);
    if (existing) {
      if ('full' in work) existing.full = true;
      else for (const p of work.paths) existing.paths.add(p);
      return existing.done;
    }
    const run: SourceRun = {
      full: 'full' in work,
      paths: new Set('paths' in work ? work.paths : []),
      done: Promise.resolve(),
      abort: new AbortController(),
      progress: null,
    };
    this.runs.set(sourceId, run);
    run.done = this.runLoop(sourceId, run).finally(() => this.runs.delete(sourceId));
    return run.done;
  }

  private async runLoop(sourceId: number, run: SourceRun): Promise<void> {
    const source = this.catalog.sources.get(sourceId);
    if (source === null) return;
    const progress = new SourceProgress(
      sourceId,
      () => this.catalog.files.pendingCount(sourceId),
      (p: IndexProgress) => this.options.emit({ type: 'index-progress', progress: p }),
    );
    run.progress = progress;
    const job = this.catalog.jobs.enqueue('scan', String(sourceId));
    this.catalog.jobs.start(job.id);
    // "Unchanged" means unchanged since the last run: a second pass of this run (asked for while
    // it was going) finds the files this run just indexed unchanged, and must not count them.
    let firstPass = true;
    const callbacks = {
      onBatch: () => this.processor.kick(),
      onSkipped: (count: number) => {
        if (firstPass) progress.fileSkipped(count);
      },
      signal: run.abort.signal,
    };
    try {
      for (; (run.full || run.paths.size > 0) && !run.abort.signal.aborted; firstPass = false) {
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
        this.catalog.jobs.fail(job.id, stopped.reason);
        this.setState(sourceId, stopped.state, stopped.reason);
        return;
      }
      this.catalog.jobs.finish(job.id);
      this.setState(sourceId, this.watchers.has(sourceId) ? 'watching' : 'idle');
      // Copies of content decoded earlier may still need their faces.
      this.faceWork.kick();
    } catch (error) {
      const reason = errorMessage(error);
      this.catalog.jobs.fail(job.id, reason);
      if (run.abort.signal.aborted) return;
      if (error instanceof SourceUnavailableError) this.setState(sourceId, 'paused', reason);
      else if (error instanceof S3SourceError && error.transient) {
        this.setState(sourceId, 'paused', (await this.s3.pauseReason(sourceId)) ?? reason);
      } else {
        log.error(`scanning source ${sourceId} failed`, error);
        this.setState(sourceId, 'error', reason);
      }
    } finally {
      if (!this.closed) {
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
    this.runs.get(source.id)?.progress?.setPhase('scanning');
    await scanS3Source(this.catalog, source, client, parseS3Config(source).prefix, callbacks);
  }

  /**
   * An S3 source that went away mid-run stays paused (it is scanned again when it is back); one
   * whose keys were refused while files were downloaded stays in error.
   */
  private async s3StoppedMidRun(sourceId: number): Promise<{ state: 'paused' | 'error'; reason: string } | null> {
    const paused = await this.s3.pauseReason(sourceId);
    if (paused !== null) return { state: 'paused', reason: paused };
    const row = this.catalog.db.open ? this.catalog.sources.get(sourceId) : null;
    return row?.state === 'error' ? { state: 'error', reason: row.stateReason ?? 'the source failed' } : null;
  }

  /** The client's view of its server; 'error' comes from a file that showed the keys are refused. */
  private onS3StateChange(sourceId: number, state: 'paused' | 'error' | 'online', reason: string | null): void {
    if (this.closed) return;
    if (state === 'online') {
      if (this.catalog.db.open && this.catalog.sources.get(sourceId)?.state === 'paused') this.setState(sourceId, 'idle');
      // Resume by itself: list again (objects may have changed meanwhile) and index what waits.
      void this.scan(sourceId);
    } else {
      this.setState(sourceId, state, reason);
    }
    this.processor.sourceStateChanged();
  }

  private setState(sourceId: number, state: SourceState, reason: string | null = null): void {
    if (!this.catalog.db.open || this.catalog.sources.get(sourceId) === null) return;
    this.catalog.sources.setState(sourceId, state, reason);
    this.options.emit({ type: 'changed', domains: ['sources'] });
  }

  private onFileDone(sourceId: number, outcome: FileOutcome): void {
    if (outcome === 'superseded' || outcome === 'deferred') return;
    this.runs.get(sourceId)?.progress?.fileDone(outcome === 'error');
    this.scheduleLibraryChanged();
  }

  /** At most one photos-and-people change event a second while files (or faces) keep landing. */
  private scheduleLibraryChanged(): void {
    this.libraryChangedTimer ??= setTimeout(() => {
      this.libraryChangedTimer = null;
      if (!this.closed) this.options.emit({ type: 'changed', domains: ['photos', 'people'] });
    }, libraryChangedIntervalMs);
  }
}
