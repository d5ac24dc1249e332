import fs from 'node:fs/promises';
import type { PendingFile } from '../catalog/files-repo';
import { originalLocation } from '../catalog/photo-queries';
import type { SourceRow } from '../catalog/sources-repo';
import { PipelineError } from '../pipeline/types';
import { errorMessage } from '../../shared/error-message';

/** An original the pipeline can read from local disk, for as long as it is being processed. */
export interface LocalOriginal {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  /** The row as it must be committed (a download may have found a newer version than the scan). */
  file: PendingFile;
  /** Called once processing ended, whatever the outcome. */
  release(): Promise<void>;
}

/** What a failed file becomes. */
export type FailureVerdict =
  | { outcome: 'missing' }
  /** The source went away: the row stays pending and is picked up again when it is back. */
  | { outcome: 'retry-later' }
  | { outcome: 'error'; stage: string; reason: string };

/** How originals of one kind of source reach the pipeline, and what their failures mean. */
export interface OriginalAccess {
  open(source: SourceRow, file: PendingFile): Promise<LocalOriginal>;
  judgeFailure(source: SourceRow, file: PendingFile, error: unknown): Promise<FailureVerdict>;
}

export function errorVerdict(error: unknown, fallbackStage: string): FailureVerdict {
  return {
    outcome: 'error',
    stage: error instanceof PipelineError ? error.stage : fallbackStage,
    reason: errorMessage(error),
  };
}

/** Folder sources: the original is already on disk, read in place. */
export const folderOriginals: OriginalAccess = {
  async open(source, file) {
    const path = originalLocation(source.kind, source.root, file.relPath);
    return { path, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, file, release: async () => undefined };
  },
  async judgeFailure(source, file, error) {
    // A file deleted between scan and processing is missing, not broken.
    const location = originalLocation(source.kind, source.root, file.relPath);
    const vanished = (await fs.lstat(location).catch(() => null)) === null;
    return vanished ? { outcome: 'missing' } : errorVerdict(error, 'index');
  },
};
