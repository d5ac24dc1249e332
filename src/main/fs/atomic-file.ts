/**
 * The one way Facet replaces a file: write a temp file beside it, flush it to disk, rename it over
 * the target and flush the folder, so a reader (or Facet after a crash or power loss) finds the
 * old file or the complete new one, never half of either. Temp names never look like media, so
 * a folder scan passes them by; a killed writer's leftovers are removed by removeStrayTempFiles.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/** Marks the temp files of an atomic write; a crash can leave them behind, nothing ever reads them. */
const tempMarker = '.tmp-';
let tempSequence = 0;

function fsyncPath(target: string, flags: string): void {
  const fd = openSync(target, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A fresh temp path in `target`'s folder, for a file that `commitTempFile` will move onto `target`.
 * The thread id is part of it: each worker thread counts its own sequence, so two pipeline workers
 * writing the derivatives of one content (a photo and its copy) in the same millisecond made the
 * same name, and the second write failed.
 */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `${path.basename(target)}${tempMarker}${process.pid}-${threadId}-${Date.now()}-${++tempSequence}`);
}

/**
 * Moves a complete temp file onto `target` so that a reader sees either the old file or the new
 * one, even across a crash or power loss: the temp file is fsynced, renamed over the target, and
 * the folder fsynced so the rename itself is durable.
 */
export function commitTempFile(temp: string, target: string): void {
  try {
    fsyncPath(temp, 'r+');
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  // Directories can be opened read-only and fsynced on Linux and macOS; Windows refuses, and there
  // the rename is already durable enough through NTFS journaling.
  if (process.platform !== 'win32') fsyncPath(path.dirname(target), 'r');
}

/** Replaces `target` atomically with what `write` puts in a temp file beside it. */
export function replaceFileAtomically(target: string, write: (tempPath: string) => void): void {
  const temp = tempPathFor(target);
  try {
    write(temp);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  commitTempFile(temp, target);
}

/** The file a temp file was written for, or null when `name` is not a temp file of `tempPathFor`. */
export function tempFileTarget(name: string): string | null {
  const marker = name.lastIndexOf(tempMarker);
  return marker > 0 ? name.slice(0, marker) : null;
}

/** Deletes the temp files a killed writer left beside any file of `dir` whose name `isOurs` accepts. */
export function removeStrayTempFiles(dir: string, isOurs: (name: string) => boolean): void {
  for (const name of readdirSync(dir)) {
    const target = tempFileTarget(name);
    if (target !== null && isOurs(target)) rmSync(path.join(dir, name), { force: true });
  }
}

export interface AtomicWriteOptions {
  /** Permissions of the new file (0o600 for secrets); default 0o666 less the umask. */
  mode?: number;
  /**
   * Flush the folder after the rename (default true). Off only for files Facet can make again
   * (thumbnails, previews): a rename lost to a power cut costs one re-derivation, not data.
   */
  syncFolder?: boolean;
}

/** For caches Facet derives again from the originals when they are lost. */
export const rederivable: AtomicWriteOptions = { syncFolder: false };

/** Moves a complete temp file onto `target` (async): fsync, rename, fsync the folder. */
export async function commitTempFileAsync(temp: string, target: string, options: Pick<AtomicWriteOptions, 'syncFolder'> = {}): Promise<void> {
  try {
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if ((options.syncFolder ?? true) && process.platform !== 'win32') {
    const folder = await open(path.dirname(target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}

/** Replaces `target` atomically with `data` (async). */
export async function writeFileAtomic(target: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(target);
  try {
    const handle = await open(temp, 'wx', options.mode);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await commitTempFileAsync(temp, target, options);
}
