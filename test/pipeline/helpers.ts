import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileToProcess } from '../../src/main/domain/indexed-file';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `facet-${prefix}-`));
}

/** What a scanner would hand over for this path. */
export function scanned(path: string): FileToProcess {
  const stats = statSync(path);
  return { path, sizeBytes: stats.size, mtimeMs: stats.mtimeMs };
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
