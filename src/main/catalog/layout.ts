import path from 'node:path';

/** Where things live inside a library folder. */
export interface LibraryLayout {
  libraryDir: string;
  catalogFile: string;
  /** Thumbnails, previews and face crops, content-addressed by sha256. */
  derivativesDir: string;
  /** Originals downloaded from S3 sources while they are indexed; emptied when a library opens. */
  s3StagingDir: string;
  /** Face embedding index files (later issues). */
  vectorsDir: string;
  /** Rolling copies of the catalog (catalog/backups.ts). */
  backupsDir: string;
}

export function libraryLayout(libraryDir: string): LibraryLayout {
  const dir = path.resolve(libraryDir);
  return {
    libraryDir: dir,
    catalogFile: path.join(dir, 'catalog.sqlite'),
    derivativesDir: path.join(dir, 'cache', 'derivatives'),
    s3StagingDir: path.join(dir, 'cache', 's3-staging'),
    vectorsDir: path.join(dir, 'vectors'),
    backupsDir: path.join(dir, 'backups'),
  };
}
