import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Packages are built under a hidden temp name next to their destination (same folder, so the same
 * file system) and renamed into place when complete: a destination holds the previous complete
 * package or the new one, never a half-written one.
 */
const tempMarker = '.facet-tmp-';

export function tempSibling(destination: string): string {
  return path.join(path.dirname(destination), `.${path.basename(destination)}${tempMarker}${randomBytes(6).toString('hex')}`);
}

/** Removes what an interrupted (killed) earlier run left next to `destination`. */
export async function removeStaleTemps(destination: string): Promise<void> {
  const prefix = `.${path.basename(destination)}${tempMarker}`;
  const entries = await fs.readdir(path.dirname(destination)).catch(() => [] as string[]);
  await Promise.all(
    entries.filter((name) => name.startsWith(prefix)).map((name) => fs.rm(path.join(path.dirname(destination), name), { recursive: true, force: true })),
  );
}

/**
 * Moves a complete folder to `destination`. An existing folder there is first renamed aside and
 * removed after: a crash between the two renames leaves both under temp names, which the next run
 * cleans up (and the destination is then absent, never half-written).
 */
export async function placeFolder(built: string, destination: string): Promise<void> {
  if (!(await exists(destination))) {
    await fs.rename(built, destination);
    return;
  }
  const aside = tempSibling(destination);
  await fs.rename(destination, aside);
  try {
    await fs.rename(built, destination);
  } catch (error) {
    await fs.rename(aside, destination);
    throw error;
  }
  await fs.rm(aside, { recursive: true, force: true });
}

export async function exists(target: string): Promise<boolean> {
  return fs.lstat(target).then(
    () => true,
    () => false,
  );
}

/** Links an unchanged file from the previous package (same inode, same mtime); copies across devices. */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch {
    await fs.copyFile(from, to);
  }
}
