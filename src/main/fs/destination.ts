/**
 * Where Facet writes what the user asked for (share packages, imports): refused up front when it
 * is no storage at all, and its folders made with a bound on the work, so a strange file system
 * gets an error naming the path instead of a process spinning forever.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import { isVirtualFilesystem, mountOf, readMountTable } from './mount-table';

/**
 * Refuses `target` (a file or folder to be written, existing or not) when the nearest folder
 * above it that exists is on a virtual file system such as /proc, /sys or /dev.
 */
export async function assertStorageDestination(target: string, role: string): Promise<void> {
  const mounts = await readMountTable();
  if (mounts === null) return;
  const mount = mountOf(mounts, await nearestExisting(path.resolve(target)));
  if (mount === null || !isVirtualFilesystem(mount.type)) return;
  throw new ApiError(
    'invalid_input',
    `${target}: cannot use it as ${role}: ${mount.mountPoint} is a ${mount.type} file system, which shows the system's state as files and stores nothing; choose a folder on a disk`,
  );
}

/** The real path of `target` or of the nearest folder above it that exists. */
async function nearestExisting(target: string): Promise<string> {
  // One level up per step, ending at the root: at most as many steps as the path has parts.
  for (let current = target; ; current = path.dirname(current)) {
    const real = await fs.realpath(current).catch(() => null);
    if (real !== null || path.dirname(current) === current) return real ?? current;
  }
}

/**
 * `mkdir -p` with a bound: the missing folders are found walking up (one step per level), then
 * made one by one. Node's recursive mkdir retries forever where mkdir fails with ENOENT under a
 * parent that exists, as /proc answers.
 */
export async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(dir); !(await isFolder(current)); current = path.dirname(current)) {
    if (path.dirname(current) === current) break;
    missing.unshift(current);
  }
  for (const folder of missing) {
    try {
      await fs.mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await isFolder(folder))) continue;
      const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file of that name is in the way' : (error as Error).message;
      throw new ApiError('invalid_input', `cannot create the folder ${folder}: ${reason}`);
    }
  }
}

async function isFolder(target: string): Promise<boolean> {
  return fs.stat(target).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
