/** A library of labelled people (lfw10 + tvcast) built through the engine, for the people and search tests. */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { PhotoFace } from '../../src/shared/api';
import type { FacetEngine } from '../../src/main/api/engine';
import { datasetsDir } from '../helpers/datasets';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export { datasetsDir };
export const lfw10 = path.join(datasetsDir, 'lfw10');
export const tvcast = path.join(datasetsDir, 'tvcast');
export const hasPeopleDatasets = existsSync(lfw10) && existsSync(tvcast);
if (!hasPeopleDatasets) console.warn(`SKIPPING people and selfie search tests: ${lfw10} or ${tvcast} is absent`);

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `facet-${prefix}-`));
}

export interface LabelledPhoto {
  photoId: number;
  path: string;
  /** The person folder the photo lies in. */
  identity: string;
  /** The photo's largest face: the labelled one (others are bystanders). */
  face: PhotoFace;
}

/** Every photo of the library with its largest face, labelled by its folder name. */
export async function labelledPhotos(engine: FacetEngine): Promise<LabelledPhoto[]> {
  const page = await engine.api.listPhotos({ offset: 0, limit: 2000 });
  const result: LabelledPhoto[] = [];
  for (const item of page.items) {
    const detail = await engine.api.getPhoto({ photoId: item.id });
    const faces = await engine.api.listPhotoFaces({ photoId: item.id });
    const face = faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    if (face) result.push({ photoId: item.id, path: detail.path, identity: path.basename(path.dirname(detail.path)), face });
  }
  return result;
}

/** The catalog as a test reads it behind the engine's back (read-only). */
export function readCatalog<T>(libraryDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
