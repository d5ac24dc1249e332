import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listBackups } from './backups';
import { Catalog } from './catalog';
import { CatalogEmptiedError } from './catalog-errors';
import type { LibraryLayout } from './layout';

/** The catalog of a library folder, refused (CatalogEmptiedError) when it shrank to nothing. */
export function openLibraryCatalog(layout: LibraryLayout): Catalog {
  const catalog = Catalog.open(layout.catalogFile, { refuseNew: () => whatRemainsWithoutCatalog(layout) });
  // A catalog already reset to an empty schema (as a Facet without this check did to a zero-byte
  // file) beside thumbnails. Only thumbnails count here: removing every source deletes them, while
  // the face index files and the backups stay behind in a library emptied on purpose.
  if (holdsNothing(catalog) && holdsAnyFile(layout.derivativesDir, isRenderedImage)) {
    catalog.close();
    throw new CatalogEmptiedError(layout.catalogFile, `the library still holds thumbnails in ${layout.derivativesDir}`);
  }
  return catalog;
}

function holdsNothing(catalog: Catalog): boolean {
  return catalog.db.prepare('SELECT NOT EXISTS (SELECT 1 FROM sources) AND NOT EXISTS (SELECT 1 FROM events)').pluck().get() === 1;
}

/**
 * What the library folder holds that only an indexed catalog produces, in words; null for a new
 * library. Thumbnails and the face index are written only for catalog rows, and backups only of
 * a catalog with sources.
 */
export function whatRemainsWithoutCatalog(layout: LibraryLayout): string | null {
  const found: string[] = [];
  if (holdsAnyFile(layout.derivativesDir, isRenderedImage)) found.push(`thumbnails in ${layout.derivativesDir}`);
  if (holdsAnyFile(layout.vectorsDir)) found.push(`a face index in ${layout.vectorsDir}`);
  const backups = listBackups(layout.backupsDir).length;
  if (backups > 0) found.push(`${backups} catalog backup${backups === 1 ? '' : 's'} in ${layout.backupsDir}`);
  return found.length > 0 ? `the library still holds ${found.join(', ')}` : null;
}

/**
 * Every rendered photo has a WebP thumbnail (and face crops are WebP; previews are JPEG), and they
 * leave with their catalog rows when a source is removed; the small facts files beside them stay,
 * so they prove nothing.
 */
function isRenderedImage(name: string): boolean {
  return name.endsWith('.webp');
}

/** Stops at the first match: a big library's thumbnail tree is never walked whole. */
function holdsAnyFile(dir: string, accept: (name: string) => boolean = () => true): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  return entries.some((entry) => (entry.isFile() && accept(entry.name)) || (entry.isDirectory() && holdsAnyFile(path.join(dir, entry.name), accept)));
}
