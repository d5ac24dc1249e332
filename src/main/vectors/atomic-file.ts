import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Marks the temp files of an atomic write; a crash can leave them behind, nothing ever reads them. */
const tempMarker = '.tmp-';

function fsyncPath(target: string, flags: string): void {
  const fd = openSync(target, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `target` so that a reader sees either the old file or the complete new one, even across
 * a crash or power loss: `write` fills a temp file in the same folder, which is fsynced, renamed over
 * the target, and the folder fsynced so the rename itself is durable.
 */
export function replaceFileAtomically(target: string, write: (tempPath: string) => void): void {
  const dir = path.dirname(target);
  const temp = path.join(dir, `${path.basename(target)}${tempMarker}${process.pid}-${Date.now()}`);
  try {
    write(temp);
    fsyncPath(temp, 'r+');
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  // Directories can be opened read-only and fsynced on Linux and macOS; Windows refuses, and there
  // the rename is already durable enough through NTFS journaling.
  if (process.platform !== 'win32') fsyncPath(dir, 'r');
}

/** Deletes temp files a killed writer left next to `target`. */
export function removeStrayTempFiles(target: string): void {
  const prefix = `${path.basename(target)}${tempMarker}`;
  const dir = path.dirname(target);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix)) rmSync(path.join(dir, name), { force: true });
  }
}
