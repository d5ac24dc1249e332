import fs from 'node:fs/promises';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog';
import type { SourceRow } from '../catalog/sources-repo';
import { scanFolder, type ScanEntry } from '../sources/folder-scanner';
import { isMediaFileName, isSkippedName } from '../sources/skip-rules';

const batchSize = 256;

export interface ScanCallbacks {
  /** After each committed batch: new pending rows may be waiting. */
  onBatch(): void;
  onSkipped(count: number): void;
  signal?: AbortSignal;
}

/**
 * Scans a folder source (all of it, or one folder below the root), upserting rows in batched
 * transactions; then marks rows the scan did not see as missing. Throws SourceUnavailableError
 * when the root cannot be listed, before anything is marked.
 */
export async function scanSourceFolder(catalog: Catalog, source: SourceRow, callbacks: ScanCallbacks, startRel = ''): Promise<void> {
  const seen = new Set<string>();
  const unreadable: string[] = [];
  let batch: ScanEntry[] = [];
  const flush = () => {
    let skipped = 0;
    catalog.transaction(() => {
      for (const entry of batch) {
        if (entry.type === 'problem') {
          catalog.errors.record(source.id, entry.path, 'scan', entry.reason);
          if (entry.unreadableRelDir !== undefined) unreadable.push(entry.unreadableRelDir);
          continue;
        }
        seen.add(entry.relPath);
        const outcome = catalog.files.observe(source.id, entry.relPath, entry.sizeBytes, entry.mtimeMs);
        if (outcome === 'unchanged') skipped += 1;
      }
    });
    batch = [];
    if (skipped > 0) callbacks.onSkipped(skipped);
    callbacks.onBatch();
  };

  const entries = scanFolder(source.root, { startRel, signal: callbacks.signal });
  let first = true;
  for await (const entry of entries) {
    // The root is readable once the first entry arrives: old scan problems can go.
    if (first && startRel === '') catalog.errors.clearStage(source.id, 'scan');
    first = false;
    batch.push(entry);
    if (batch.length >= batchSize) flush();
  }
  if (first && startRel === '') catalog.errors.clearStage(source.id, 'scan');
  flush();
  catalog.transaction(() => {
    catalog.files.markUnseenMissing(source.id, startRel, seen, unreadable);
    if (startRel === '') catalog.sources.markScanned(source.id);
  });
}

/**
 * Rescans what a watcher reported: folders get a scan of their own, files an upsert, and
 * vanished paths (a file or a whole folder) become missing.
 */
export async function scanTouchedPaths(catalog: Catalog, source: SourceRow, relPaths: readonly string[], callbacks: ScanCallbacks): Promise<void> {
  for (const rel of outermost(relPaths)) {
    callbacks.signal?.throwIfAborted();
    if (rel.split('/').some(isSkippedName)) continue;
    const abs = path.join(source.root, ...rel.split('/'));
    const stats = await fs.stat(abs).catch(() => null);
    if (stats === null) {
      catalog.transaction(() => catalog.files.markMissingAt(source.id, rel));
      callbacks.onBatch();
    } else if (stats.isDirectory()) {
      await scanSourceFolder(catalog, source, callbacks, rel);
    } else if (stats.isFile() && isMediaFileName(path.basename(abs))) {
      const outcome = catalog.transaction(() => catalog.files.observe(source.id, rel, stats.size, stats.mtimeMs));
      if (outcome === 'unchanged') callbacks.onSkipped(1);
      callbacks.onBatch();
    }
  }
}

/** Drops paths inside another touched folder path: scanning the folder covers them. */
function outermost(relPaths: readonly string[]): string[] {
  const sorted = [...new Set(relPaths)].sort();
  const kept: string[] = [];
  for (const rel of sorted) {
    const last = kept.at(-1);
    if (last !== undefined && rel.startsWith(`${last}/`)) continue;
    kept.push(rel);
  }
  return kept;
}
