import fs from 'node:fs/promises';
import path from 'node:path';

export interface PackageFile {
  /** '/'-separated path inside the package. */
  rel: string;
  bytes: number;
}

/** The regular files under a package folder, sorted by path, each with its size on disk. */
export async function packageFiles(dir: string, prefix = ''): Promise<PackageFile[]> {
  const out: PackageFile[] = [];
  for (const entry of await fs.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await packageFiles(dir, rel)));
    else if (entry.isFile()) out.push({ rel, bytes: (await fs.lstat(path.join(dir, rel))).size });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * What a written package takes on disk: every file of the folder (viewer, manifest, search runtime
 * and models included, not only the photos the manifest lists), or the zip file itself. Measured,
 * never added up from what was meant to be written, so the number shown is the one the user sees.
 */
export async function packageBytes(destination: string, format: 'folder' | 'zip'): Promise<number> {
  if (format === 'zip') return (await fs.lstat(destination)).size;
  return (await packageFiles(destination)).reduce((sum, file) => sum + file.bytes, 0);
}
