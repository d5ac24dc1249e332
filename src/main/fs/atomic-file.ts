import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

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

/** A fresh temp path in `target`'s folder, for a file that `commitTempFile` will move onto `target`. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `${path.basename(target)}${tempMarker}${process.pid}-${Date.now()}-${++tempSequence}`);
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
