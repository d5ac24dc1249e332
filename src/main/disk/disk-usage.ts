import path from 'node:path';
import type { DiskUsage } from '../../shared/library-care-api';
import type { Catalog } from '../catalog/catalog';
import type { LibraryLayout } from '../catalog/layout';
import { guestCropsDir } from '../events/guests-references';
import { fileSize, folderSize } from './folder-size';

/**
 * The library folder's size by part. Derived images are summed from the catalog (a row exists
 * while its file does), so this stays quick at 100,000 photos; the other parts are small folders.
 */
export async function diskUsage(catalog: Catalog, layout: LibraryLayout): Promise<DiskUsage> {
  const derived = catalog.derivatives.totals();
  const under = (...names: string[]) => Promise.all(names.map((name) => folderSize(path.join(layout.libraryDir, name)))).then(sum);
  const [catalogBytes, faceIndex, guestCrops, exports, logsAndBackups] = await Promise.all([
    Promise.all(['', '-wal', '-shm'].map((suffix) => fileSize(layout.catalogFile + suffix))).then(sum),
    folderSize(layout.vectorsDir),
    folderSize(guestCropsDir(layout)),
    Promise.all([under('imports', 'synced'), folderSize(layout.s3StagingDir)]).then(sum),
    Promise.all([under('logs'), folderSize(layout.backupsDir)]).then(sum),
  ]);
  const parts = {
    catalog: catalogBytes,
    faceIndex,
    faceCrops: derived.face.bytes + guestCrops,
    previews: derived.preview.bytes,
    thumbnails: derived.thumb.bytes,
    exports,
    logsAndBackups,
  };
  return {
    libraryDir: layout.libraryDir,
    parts,
    total: sum(Object.values(parts)),
    previewCache: { count: derived.preview.count, bytes: derived.preview.bytes, maxBytes: catalog.settings.get('previewCacheMaxBytes') },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
