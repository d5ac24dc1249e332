import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import type { PersonSummary } from '../src/shared/people-api';
import { DEFAULT_FACE_PACK, type ModelManifest } from '../src/shared/model-manifest';
import { repoRoot, startFacetServer, waitUntilIndexed, type FacetServer } from './facet-server';
import { datasetsDir } from '../test/helpers/datasets';

/** Labelled face photos beside the project (never copied into it): lfw10, tvcast, tvcast-scenes. */
export { datasetsDir };
const datasetFolders = ['lfw10', 'tvcast', 'tvcast-scenes'] as const;

/** The dataset folders a face library needs that are absent; the face specs skip (loudly) when any is. */
export function missingDatasets(): string[] {
  return datasetFolders.map((folder) => path.join(datasetsDir, folder)).filter((folder) => !existsSync(folder));
}

/** The party: tvcast-scenes with capture times ten minutes apart on one evening, so events are suggested. */
export const partyFolder = 'party';
export const partyDay = '2019-05-04';

export interface FaceLibrary {
  server: FacetServer;
  /** The folder source that was indexed: lfw10/<Person>/, tvcast/<name>/ and party/. */
  photosRoot: string;
  /** Image files indexed. */
  photoCount: number;
}

/**
 * A models folder holding the default pack with another merge threshold (its model files linked,
 * its manifest changed): with the pack's own, lfw10 and tvcast cluster without a single split, and
 * the "same person?" flows need split people to show.
 */
async function packWithThreshold(modelsDir: string, threshold: number): Promise<string> {
  const source = path.join(repoRoot, 'resources', 'models', DEFAULT_FACE_PACK);
  const pack = path.join(modelsDir, DEFAULT_FACE_PACK);
  await mkdir(pack, { recursive: true });
  for (const name of await readdir(source)) {
    if (name !== 'manifest.json') await symlink(path.join(source, name), path.join(pack, name));
  }
  const manifest = JSON.parse(await readFile(path.join(source, 'manifest.json'), 'utf8')) as ModelManifest;
  manifest.recognizer.tuning.clustering.threshold = threshold;
  await writeFile(path.join(pack, 'manifest.json'), JSON.stringify(manifest));
  return modelsDir;
}

/**
 * Copies the datasets into `root`/photos (dating the party photos), indexes them with faces
 * through a `facet serve`, and redraws people, so every spec sees the same clusters.
 */
export async function buildFaceLibrary(root: string, options: { mergeThreshold?: number } = {}): Promise<FaceLibrary & { modelsDir?: string }> {
  const photosRoot = path.join(root, 'photos');
  await cp(path.join(datasetsDir, 'lfw10'), path.join(photosRoot, 'lfw10'), { recursive: true });
  await cp(path.join(datasetsDir, 'tvcast'), path.join(photosRoot, 'tvcast'), { recursive: true });
  await datedCopies(path.join(datasetsDir, 'tvcast-scenes'), path.join(photosRoot, partyFolder));
  const photoCount = await countFiles(photosRoot);

  const modelsDir = options.mergeThreshold === undefined ? undefined : await packWithThreshold(path.join(root, 'models'), options.mergeThreshold);
  const server = await startFacetServer(path.join(root, 'library'), { modelsDir });
  try {
    await server.call('addFolderSource', { path: photosRoot });
    await waitUntilIndexed(server, photoCount, 300_000);
    await waitForFacesToSettle(server);
    await server.call('reclusterPeople', {});
    return { server, photosRoot, photoCount, modelsDir };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function datedCopies(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const exiftool = new ExifTool({ maxProcs: 1 });
  try {
    const names = (await readdir(from)).filter((name) => /\.jpe?g$/i.test(name)).sort();
    for (const [i, name] of names.entries()) {
      const target = path.join(to, name);
      await cp(path.join(from, name), target);
      const minutes = 18 * 60 + i * 10;
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
      await exiftool.write(target, { DateTimeOriginal: `${partyDay.replaceAll('-', ':')} ${time}` }, { writeArgs: ['-overwrite_original'] });
    }
  } finally {
    await exiftool.end();
  }
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

/** Faces are found while indexing and by a background pass after it: wait until their count stops moving. */
async function waitForFacesToSettle(server: FacetServer, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const status = await server.call('getStatus', {});
    if (status.faces !== last) {
      last = status.faces;
      stableSince = Date.now();
    } else if (status.faces > 0 && status.pendingJobs === 0 && Date.now() - stableSince > 3000) {
      return;
    }
    if (Date.now() > deadline) throw new Error(`faces did not settle within ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The dataset identity of a file: lfw10 'Tony_Blair_0003.jpg' is Tony_Blair, tvcast 'amy2.png' is amy. */
export function identityOf(fileName: string): string {
  return fileName.replace(/(_\d+)?\d*\.\w+$/, '');
}

/** The person holding most photos of `identity` (lfw10 'Tony_Blair', tvcast 'amy'), with that share. */
export async function personOf(server: FacetServer, identity: string): Promise<PersonSummary> {
  const people = await server.call('listPeople', { includeHidden: true });
  let best: { person: PersonSummary; hits: number } | null = null;
  for (const person of people) {
    const photos = await server.call('listPersonPhotos', { personId: person.id, offset: 0, limit: 2000 });
    const hits = photos.items.filter((p) => identityOf(p.fileName) === identity).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { person, hits };
  }
  if (!best) throw new Error(`no person holds photos of ${identity}`);
  return best.person;
}

/** Photo ids of the files of `identity`. */
export async function photosOf(server: FacetServer, identity: string): Promise<number[]> {
  const page = await server.call('listPhotos', { offset: 0, limit: 2000 });
  return page.items.filter((p) => identityOf(p.fileName) === identity).map((p) => p.id);
}
