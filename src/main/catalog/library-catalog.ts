import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listBackups } from './backups';
import { Catalog } from './catalog';
import type { LibraryLayout } from './layout';

/** The catalog of a library folder, refused (CatalogEmptiedError) when it shrank to nothing. */
export function openLibraryCatalog(layout: LibraryLayout): Catalog {
  return Catalog.open(layout.catalogFile, { refuseNew: () => whatRemainsWithoutCatalog(layout) });
}

/**
 * What the library folder holds that only an indexed catalog produces, in words; null for a new
 * library. Thumbnails and the face index are written only for catalog rows, and backups only of
 * a catalog with sources.
 */
export function whatRemainsWithoutCatalog(layout: LibraryLayout): string | null {
  const found: string[] = [];
  if (holdsAnyFile(layout.derivativesDir)) found.push(`thumbnails in ${layout.derivativesDir}`);
  if (holdsAnyFile(layout.vectorsDir)) found.push(`a face index in ${layout.vectorsDir}`);
  const backups = listBackups(layout.backupsDir).length;
  if (backups > 0) found.push(`${backups} catalog backup${backups === 1 ? '' : 's'} in ${layout.backupsDir}`);
  return found.length > 0 ? `the library still holds ${found.join(', ')}` : null;
}

/** Stops at the first file: a big library's thumbnail tree is never walked whole. */
function holdsAnyFile(dir: string): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  return entries.some((entry) => entry.isFile() || (entry.isDirectory() && holdsAnyFile(path.join(dir, entry.name))));
}
