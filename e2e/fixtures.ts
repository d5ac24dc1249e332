import { expect, test as base, type Page } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seedSyntheticPhotos } from '../src/main/catalog';
import { makePhotoLibrary, type PhotoLibrary } from '../test/fixtures';
import { buildFaceLibrary, missingDatasets, type FaceLibrary } from './face-library';
import { startFacetServer, waitUntilIndexed, type FacetServer } from './facet-server';

export { expect };

export interface EmptyLibrary {
  server: FacetServer;
  /** A generated photo folder the test adds through the UI, holding one file that must fail. */
  photos: PhotoLibrary;
  badFile: string;
}

export interface IndexedLibrary {
  server: FacetServer;
  photos: PhotoLibrary;
}

export interface BigLibrary {
  server: FacetServer;
  count: number;
}

/** Name of the undecodable file every generated folder holds. */
export const badFileName = 'not-a-photo.jpg';
export const bigLibraryCount = 100_000;

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `facet-e2e-${prefix}-`));
}

async function makePhotoFolder(root: string): Promise<{ photos: PhotoLibrary; badFile: string }> {
  const photos = await makePhotoLibrary(path.join(root, 'photos'), { extraPhotos: 4 });
  const badFile = path.join(photos.root, badFileName);
  await writeFile(badFile, 'these bytes are no image format at all\n'.repeat(20));
  return { photos, badFile };
}

/** A worker-scoped face library (it takes a minute or two to build). */
function faceLibraryFixture(
  prefix: string,
  options: { mergeThreshold?: number } = {},
): [(fixtures: object, use: (library: FaceLibrary) => Promise<void>) => Promise<void>, { scope: 'worker'; timeout: number }] {
  return [
    // Playwright reads the fixtures a function needs from its destructured first parameter.
    async ({}, use) => {
      const root = await tempDir(prefix);
      const library = await buildFaceLibrary(root, options);
      try {
        await use(library);
      } finally {
        await library.server.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 480_000 },
  ];
}

export const test = base.extend<
  { emptyLibrary: EmptyLibrary },
  { indexedLibrary: IndexedLibrary; bigLibrary: BigLibrary; faceLibrary: FaceLibrary; splitFaceLibrary: FaceLibrary }
>({
  emptyLibrary: async ({}, use) => {
    const root = await tempDir('empty');
    const folder = await makePhotoFolder(root);
    const server = await startFacetServer(path.join(root, 'library'));
    try {
      await use({ server, ...folder });
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  },

  // Shared by the specs of one worker: generating and indexing the folder is the slow part.
  indexedLibrary: [
    async ({}, use) => {
      const root = await tempDir('indexed');
      const { photos } = await makePhotoFolder(root);
      const server = await startFacetServer(path.join(root, 'library'));
      try {
        await server.call('addFolderSource', { path: photos.root });
        await waitUntilIndexed(server, photos.visible.length + 1);
        await use({ server, photos });
      } finally {
        await server.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],

  // The datasets indexed with faces: one per worker, since it takes a minute or two. Specs that
  // use it change it (rename, merge, forget ...), each on people of its own.
  faceLibrary: faceLibraryFixture('faces'),
  /** The same photos clustered with a strict merge threshold (0.35), so people come out split. */
  splitFaceLibrary: faceLibraryFixture('faces-split', { mergeThreshold: 0.35 }),

  bigLibrary: [
    async ({}, use) => {
      const root = await tempDir('big');
      const libraryDir = path.join(root, 'library');
      await seedSyntheticPhotos(libraryDir, bigLibraryCount, { withThumbs: true, undatedEvery: 5000 });
      const server = await startFacetServer(libraryDir);
      try {
        await use({ server, count: bigLibraryCount });
      } finally {
        await server.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

/** Opens the app through the launch URL (which sets the session cookie) on one screen. */
export async function openApp(page: Page, server: FacetServer, route = 'library'): Promise<void> {
  await page.goto(`${server.url}#/${route}`);
  await expect(page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]')).toHaveAttribute('href', `#/${route.split('/')[0]}`);
}

/** Call at the top of a spec file that needs the face datasets: skips it, saying which folder is missing. */
export function skipWithoutDatasets(): void {
  const missing = missingDatasets();
  if (missing.length > 0) console.warn(`SKIPPING face e2e specs: dataset folder(s) missing: ${missing.join(', ')}`);
  test.skip(missing.length > 0, `face datasets missing: ${missing.join(', ')}`);
}
