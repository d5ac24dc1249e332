/** Read-only facts about an original on disk, and its failures in words a user can act on. */
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { PipelineError } from './types';
import { type FileToProcess } from '../domain/indexed-file';
import { errorMessage } from '../../shared/error-message';

export async function statOriginal(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw new PipelineError('read', path, await describeMissingFile(path, error));
  }
}

/** Size and mtime must still be what the scanner recorded, or the facts would describe another file. */
export function assertUnchanged(file: FileToProcess, stats: Stats, reason: string): void {
  if (stats.size !== file.sizeBytes || Math.trunc(stats.mtimeMs) !== Math.trunc(file.mtimeMs)) {
    throw new PipelineError('read', file.path, reason);
  }
}

export function describeNonRegularFile(stats: Stats): string {
  if (stats.isDirectory()) return 'is a folder, not a file';
  if (stats.isFIFO()) return 'is a named pipe, not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is a device, not a regular file';
}

const fsReasons: Record<string, string> = {
  ENOENT: 'file no longer exists',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'symbolic link loop',
  ENAMETOOLONG: 'path is too long for the file system',
  EIO: 'input/output error while reading (failing disk or disconnected drive?)',
  EMFILE: 'too many open files',
};

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && fsReasons[code]) return fsReasons[code];
  return errorMessage(error);
}

async function describeMissingFile(path: string, error: unknown): Promise<string> {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    // A name that is not UTF-8 reaches us already decoded with U+FFFD, which names no file.
    if (path.includes('\uFFFD')) return 'file name is not valid UTF-8, so it cannot be opened by name';
    const link = await lstat(path).catch(() => null);
    if (link?.isSymbolicLink()) return 'broken symbolic link: its target does not exist';
  }
  return describeFsError(error);
}
