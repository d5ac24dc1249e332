import type { Dirent, Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeFileName, escapeFileName } from './file-names';
import { isMediaFileName, isSkippedName } from './skip-rules';
import { errorMessage } from '../../shared/error-message';

export const defaultMaxDepth = 100;

export interface ScannedFile {
  type: 'file';
  /** Relative to the source root, '/'-separated on every platform. */
  relPath: string;
  absPath: string;
  sizeBytes: number;
  mtimeMs: number;
}

export interface ScanProblem {
  type: 'problem';
  /** Absolute path, with bytes that are not UTF-8 escaped as \xNN. */
  path: string;
  reason: string;
  /** Set when a folder's contents are unknown: rows below it must not be marked missing. */
  unreadableRelDir?: string;
}

export type ScanEntry = ScannedFile | ScanProblem;

export interface ScanOptions {
  /** Folder below the root to scan ('' = everything), '/'-separated. */
  startRel?: string;
  maxDepth?: number;
  signal?: AbortSignal;
}

/** The root itself cannot be listed: the source is offline rather than empty. */
export class SourceUnavailableError extends Error {
  constructor(root: string, reason: string) {
    super(`${root}: ${reason}`);
    this.name = 'SourceUnavailableError';
  }
}

/** Names a folder however it is reached (links, bind mounts), so it is walked once. */
export function folderIdentity(stats: { dev: bigint; ino: bigint }): string {
  return `${stats.dev}:${stats.ino}`;
}

interface PendingDir {
  abs: string;
  rel: string;
  depth: number;
}

/**
 * Walks a folder tree with an explicit stack (no recursion limit), yielding media files and the
 * problems met on the way. Hidden and system folders are skipped, folders reached twice (symlink
 * loops, bind mounts) are listed once, and names that are not UTF-8 are reported, not mangled.
 */
export async function* scanFolder(root: string, options: ScanOptions = {}): AsyncGenerator<ScanEntry> {
  const maxDepth = options.maxDepth ?? defaultMaxDepth;
  const startRel = options.startRel ?? '';
  const startAbs = startRel === '' ? root : path.join(root, ...startRel.split('/'));
  const startStats = await fs.stat(startAbs, { bigint: true }).catch((error: unknown) => {
    if (startRel !== '') return null;
    throw new SourceUnavailableError(root, describeError(error));
  });
  if (startStats === null) return;
  if (!startStats.isDirectory()) throw new SourceUnavailableError(startAbs, 'is not a folder');

  const visited = new Set<string>([folderIdentity(startStats)]);
  const stack: PendingDir[] = [{ abs: startAbs, rel: startRel, depth: startRel === '' ? 0 : startRel.split('/').length }];
  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const dir = stack.pop()!;
    let entries: Dirent<Buffer>[];
    try {
      entries = await fs.readdir(dir.abs, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      if (dir.rel === '' && startRel === '') throw new SourceUnavailableError(root, describeError(error));
      yield { type: 'problem', path: dir.abs, reason: `folder could not be read: ${describeError(error)}`, unreadableRelDir: dir.rel };
      continue;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    const subdirs: PendingDir[] = [];
    for (const entry of entries) {
      const name = decodeFileName(entry.name);
      if (name === null) {
        const shown = path.join(dir.abs, escapeFileName(entry.name));
        const reason = entry.isDirectory() ? 'file name is not valid UTF-8 (folder skipped with its contents)' : 'file name is not valid UTF-8';
        yield { type: 'problem', path: shown, reason };
        continue;
      }
      if (isSkippedName(name)) continue;
      const abs = path.join(dir.abs, name);
      const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
      const kind = await entryKind(entry, abs);
      if (kind.type === 'broken') {
        if (isMediaFileName(name)) yield { type: 'problem', path: abs, reason: kind.reason };
        continue;
      }
      if (kind.type === 'dir') {
        const key = folderIdentity(kind.stats);
        if (visited.has(key)) continue;
        visited.add(key);
        if (dir.depth + 1 > maxDepth) {
          yield {
            type: 'problem',
            path: abs,
            reason: `folder is nested more than ${maxDepth} levels deep; its contents were skipped`,
            unreadableRelDir: rel,
          };
          continue;
        }
        subdirs.push({ abs, rel, depth: dir.depth + 1 });
        continue;
      }
      if (!isMediaFileName(name)) continue;
      if (kind.type === 'other') {
        yield { type: 'problem', path: abs, reason: kind.reason };
        continue;
      }
      yield { type: 'file', relPath: rel, absPath: abs, sizeBytes: kind.stats.size, mtimeMs: kind.stats.mtimeMs };
    }
    // Reverse so the stack pops folders in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

type EntryKind =
  | { type: 'dir'; stats: { dev: bigint; ino: bigint } }
  | { type: 'file'; stats: Stats }
  | { type: 'other'; reason: string }
  | { type: 'broken'; reason: string };

/** Follows symbolic links, so a linked folder is walked and a linked photo indexed. */
async function entryKind(entry: Dirent<Buffer>, abs: string): Promise<EntryKind> {
  if (entry.isDirectory()) {
    const stats = await fs.stat(abs, { bigint: true }).catch(() => null);
    return stats ? { type: 'dir', stats } : { type: 'broken', reason: 'folder vanished while scanning' };
  }
  if (!entry.isFile() && !entry.isSymbolicLink()) return { type: 'other', reason: describeSpecial(entry) };
  let stats: Stats;
  try {
    stats = await fs.stat(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (entry.isSymbolicLink() && code === 'ENOENT') return { type: 'broken', reason: 'broken symbolic link: its target does not exist' };
    if (code === 'ELOOP') return { type: 'broken', reason: 'symbolic link loop' };
    return { type: 'broken', reason: describeError(error) };
  }
  if (stats.isDirectory()) {
    const big = await fs.stat(abs, { bigint: true }).catch(() => null);
    return big ? { type: 'dir', stats: big } : { type: 'broken', reason: 'folder vanished while scanning' };
  }
  if (!stats.isFile()) return { type: 'other', reason: describeSpecial(stats) };
  return { type: 'file', stats };
}

function describeSpecial(entry: Dirent<Buffer> | Stats): string {
  if (entry.isFIFO()) return 'is a named pipe, not a regular file';
  if (entry.isSocket()) return 'is a socket, not a regular file';
  return 'is a device, not a regular file';
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'folder not found (is the drive connected?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'is not a folder';
    case 'EIO':
      return 'input/output error (failing disk or disconnected drive?)';
    default:
      return errorMessage(error);
  }
}
