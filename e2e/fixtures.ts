import { expect, test as base, type Page } from '@playwright/test';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

/** A library built once per worker and stopped, so its folder can be copied whole. */
interface LibraryTemplate<T> {
  libraryDir: string;
  modelsDir?: string;
  /** What the specs get besides the server (the photo folder, its size): the photos are shared, never changed. */
  extra: T;
}

/**
 * Libraries handed to the specs of ONE spec file: each file gets its own copy of the template, so
 * what one file changes (renames, merges, removed guests) no other file sees, whatever order the
 * files run in. The tests inside a file share their copy, in the file's order.
 */
class SpecFileLibraries {
  private file: string | null = null;
  private readonly held = new Map<string, Promise<{ value: unknown; dispose: () => Promise<void> }>>();

  /** Frees the copies of the previous spec file once a test of another file starts. */
  async enter(file: string): Promise<void> {
    if (this.file === file) return;
    this.file = file;
    await this.disposeAll();
  }

  async get<T>(key: string, template: LibraryTemplate<T>): Promise<T & { server: FacetServer }> {
    let copy = this.held.get(key);
    if (!copy) {
      copy = copyLibrary(template);
      this.held.set(key, copy);
    }
    return (await copy).value as T & { server: FacetServer };
  }

  async disposeAll(): Promise<void> {
    const copies = [...this.held.values()];
    this.held.clear();
    await Promise.all(copies.map(async (copy) => (await copy).dispose()));
  }
}

async function copyLibrary<T>(template: LibraryTemplate<T>): Promise<{ value: T & { server: FacetServer }; dispose: () => Promise<void> }> {
  const root = await tempDir('copy');
  const libraryDir = path.join(root, 'library');
  await cp(template.libraryDir, libraryDir, { recursive: true });
  const server = await startFacetServer(libraryDir, { modelsDir: template.modelsDir });
  return {
    value: { ...template.extra, server },
    dispose: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

type WorkerFixture<T> = [(fixtures: object, use: (value: T) => Promise<void>) => Promise<void>, { scope: 'worker'; timeout: number }];

/** A worker-scoped template: built (the slow part), its server stopped, its folder removed at the end. */
function templateFixture<T>(
  prefix: string,
  build: (root: string) => Promise<{ server: FacetServer; modelsDir?: string; extra: T }>,
): WorkerFixture<LibraryTemplate<T>> {
  return [
    // Playwright reads the fixtures a function needs from its destructured first parameter.
    async ({}, use) => {
      const root = await tempDir(prefix);
      try {
        const { server, modelsDir, extra } = await build(root);
        await server.stop();
        await use({ libraryDir: server.libraryDir, modelsDir, extra });
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 480_000 },
  ];
}

async function faceLibraryTemplate(root: string, options: { mergeThreshold?: number } = {}) {
  const { server, modelsDir, ...extra } = await buildFaceLibrary(root, options);
  return { server, modelsDir, extra };
}

async function indexedLibraryTemplate(root: string) {
  const { photos } = await makePhotoFolder(root);
  const server = await startFacetServer(path.join(root, 'library'));
  try {
    await server.call('addFolderSource', { path: photos.root });
    await waitUntilIndexed(server, photos.visible.length + 1);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, extra: { photos } };
}

export const test = base.extend<
  { emptyLibrary: EmptyLibrary; indexedLibrary: IndexedLibrary; faceLibrary: FaceLibrary; splitFaceLibrary: FaceLibrary; specFile: void },
  {
    bigLibrary: BigLibrary;
    specFileLibraries: SpecFileLibraries;
    indexedTemplate: LibraryTemplate<Omit<IndexedLibrary, 'server'>>;
    faceTemplate: LibraryTemplate<Omit<FaceLibrary, 'server'>>;
    splitFaceTemplate: LibraryTemplate<Omit<FaceLibrary, 'server'>>;
  }
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

  specFileLibraries: [
    async ({}, use) => {
      const libraries = new SpecFileLibraries();
      try {
        await use(libraries);
      } finally {
        await libraries.disposeAll();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  specFile: [
    async ({ specFileLibraries }, use, testInfo) => {
      // The spec file that runs the test: titlePath starts with it, where testInfo.file names the
      // module that declared the test (a helper shared by several spec files, for one).
      await specFileLibraries.enter(testInfo.titlePath[0]!);
      await use();
    },
    { auto: true },
  ],

  // Generating and indexing the folder, or indexing the datasets with faces, is the slow part: it is
  // done once per worker, and every spec file gets a copy of the result.
  indexedTemplate: templateFixture('indexed', indexedLibraryTemplate),
  faceTemplate: templateFixture('faces', (root) => faceLibraryTemplate(root)),
  /** The same photos clustered with a strict merge threshold (0.35), so people come out split. */
  splitFaceTemplate: templateFixture('faces-split', (root) => faceLibraryTemplate(root, { mergeThreshold: 0.35 })),

  indexedLibrary: async ({ specFileLibraries, indexedTemplate }, use) => use(await specFileLibraries.get('indexed', indexedTemplate)),
  faceLibrary: async ({ specFileLibraries, faceTemplate }, use) => use(await specFileLibraries.get('faces', faceTemplate)),
  splitFaceLibrary: async ({ specFileLibraries, splitFaceTemplate }, use) => use(await specFileLibraries.get('faces-split', splitFaceTemplate)),

  // Read only: the one spec that uses it checks scrolling and frame times on 100,000 photos.
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
