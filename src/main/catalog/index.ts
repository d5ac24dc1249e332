export { Catalog } from './catalog';
export { latestSchemaVersion } from './database';
export { libraryLayout, type LibraryLayout } from './layout';
export { seedSyntheticPhotos, type SeedOptions, type SeedResult } from './seed';
export { dhashToInteger, integerToDhash } from './files-repo';
