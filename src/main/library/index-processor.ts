import fs from 'node:fs/promises';
import type { Catalog } from '../catalog/catalog';
import type { PendingFile } from '../catalog/files-repo';
import { originalLocation } from '../catalog/photo-queries';
import { PipelineError, type Pipeline } from '../pipeline/types';
import { describeDerivatives } from './derivative-files';

export type FileOutcome = 'indexed' | 'error' | 'missing' | 'superseded';

export interface ProcessorHooks {
  onFileDone(sourceId: number, outcome: FileOutcome): void;
}

/**
 * Feeds pending rows to the pipeline, at most `pipeline.capacity` at a time, and commits each
 * result in one transaction. The pending state in the catalog is the queue, so a killed process
 * resumes exactly where it stopped: a file is either committed or still pending.
 */
export class IndexProcessor {
  private readonly inFlight = new Map<number, number>(); // file id -> source id
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private closing = false;
  private readonly sourceWaiters = new Map<number, (() => void)[]>();

  constructor(
    private readonly catalog: Catalog,
    private readonly libraryDir: string,
    private readonly pipeline: () => Promise<Pipeline>,
    private readonly hooks: ProcessorHooks,
  ) {}

  /** New pending rows may exist. */
  kick(): void {
    if (this.closing) return;
    if (this.loop) {
      this.wake?.();
      return;
    }
    this.loop = this.run()
      .catch((error: unknown) => console.error('facet: indexing loop failed:', error))
      .finally(() => {
        this.loop = null;
        this.resolveWaiters(() => true);
      });
  }

  /** Resolves when the source has nothing pending (or processing stopped). */
  async drained(sourceId: number): Promise<void> {
    if (this.isDrained(sourceId) || this.closing) return;
    const waiting = new Promise<void>((resolve) => {
      const list = this.sourceWaiters.get(sourceId) ?? [];
      list.push(resolve);
      this.sourceWaiters.set(sourceId, list);
    });
    this.kick();
    return waiting;
  }

  async idle(): Promise<void> {
    this.kick();
    while (this.loop) await this.loop;
  }

  /** Stops taking files and waits for those in flight to be committed. */
  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    await this.loop;
    this.resolveWaiters(() => true);
  }

  private async run(): Promise<void> {
    const pipeline = await this.pipeline();
    while (!this.closing) {
      const free = pipeline.capacity - this.inFlight.size;
      const batch = free > 0 ? this.catalog.files.pending(pipeline.capacity + this.inFlight.size) : [];
      const fresh = batch.filter((file) => !this.inFlight.has(file.id)).slice(0, Math.max(free, 0));
      if (fresh.length === 0 && this.inFlight.size === 0) return;
      for (const file of fresh) {
        this.inFlight.set(file.id, file.sourceId);
        void this.processOne(pipeline, file).finally(() => {
          this.inFlight.delete(file.id);
          this.wake?.();
        });
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    while (this.inFlight.size > 0) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  private async processOne(pipeline: Pipeline, file: PendingFile): Promise<void> {
    const source = this.catalog.sources.get(file.sourceId);
    if (source === null) return; // removed meanwhile
    const location = originalLocation(source.kind, source.root, file.relPath);
    let outcome: FileOutcome;
    try {
      const result = await pipeline.process({ path: location, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs });
      const derivatives = await describeDerivatives(this.libraryDir, result);
      outcome = this.catalog.transaction(() => {
        if (!this.catalog.files.commitProcessed(file, result)) return 'superseded';
        for (const row of derivatives) this.catalog.derivatives.record(row);
        this.catalog.errors.clear(file.sourceId, location);
        return 'indexed';
      });
    } catch (error) {
      outcome = await this.recordFailure(file, location, source.kind === 'folder' ? location : null, error);
    }
    this.hooks.onFileDone(file.sourceId, outcome);
    this.resolveWaiters((sourceId) => sourceId === file.sourceId && this.isDrained(sourceId));
  }

  /** `localPath` is set for files on a local disk, where a vanished file can be told apart. */
  private async recordFailure(file: PendingFile, location: string, localPath: string | null, error: unknown): Promise<FileOutcome> {
    // A file deleted between scan and processing is missing, not broken.
    const vanished = localPath !== null && (await fs.lstat(localPath).catch(() => null)) === null;
    const stage = error instanceof PipelineError ? error.stage : 'index';
    const reason = error instanceof Error ? error.message : String(error);
    return this.catalog.transaction(() => {
      if (vanished) return this.catalog.files.markMissingAt(file.sourceId, file.relPath) > 0 ? 'missing' : 'superseded';
      if (!this.catalog.files.markError(file)) return 'superseded';
      this.catalog.errors.record(file.sourceId, location, stage, reason);
      return 'error';
    });
  }

  private isDrained(sourceId: number): boolean {
    for (const owner of this.inFlight.values()) if (owner === sourceId) return false;
    return this.catalog.files.pendingCount(sourceId) === 0;
  }

  private resolveWaiters(ready: (sourceId: number) => boolean): void {
    for (const [sourceId, list] of this.sourceWaiters) {
      if (!ready(sourceId)) continue;
      this.sourceWaiters.delete(sourceId);
      for (const resolve of list) resolve();
    }
  }
}
