import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import type { PhotoSummary } from '../../src/shared/api';
import type { EventLibrary } from '../events/helpers/event-library';

export const eventFiles = [
  ...Array.from({ length: 6 }, (_, i) => `party/P${i + 1}.jpg`),
  'IMG_0002.jpg',
  'trips/2023/beach.webp',
  'IMG_0001.jpg',
  // Same content as IMG_0001.jpg: the package holds it once.
  'copies/IMG_0001 copy.jpg',
];

export interface ShareEvent {
  eventId: number;
  photos: PhotoSummary[];
  /** Distinct contents: what the package must hold. */
  shas: string[];
}

/** An event of 10 files (9 distinct contents, one portrait with EXIF orientation 6). */
export async function makeShareEvent(lib: EventLibrary, name = 'Anna & Ben <3'): Promise<ShareEvent> {
  const photos = await Promise.all(eventFiles.map((rel) => lib.byPath(rel)));
  const event = await lib.engine.api.createEvent({ name, selection: { kind: 'photos', photoIds: photos.map((p) => p.id) } });
  return { eventId: event.id, photos, shas: [...new Set(photos.map((p) => p.sha256))].sort() };
}

/** Names of the files inside a folder, recursively, '/' separated. */
export function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
    })
    .sort();
}

/** Entry names of a zip file. */
export async function zipEntryNames(file: string): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: false }, (error, z) => (error || !z ? reject(error) : resolve(z))),
  );
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => names.push(entry.fileName));
    zip.on('end', resolve);
    zip.on('error', reject);
  });
  zip.close();
  return names.sort();
}

/** Sum of the sizes of every file under a folder: what the package takes on disk. */
export function bytesOnDisk(dir: string): number {
  return filesUnder(dir).reduce((sum, rel) => sum + fs.statSync(path.join(dir, rel)).size, 0);
}

/** Folders under `dir` (itself included) holding nothing: a package has none. */
export function emptyFolders(dir: string, prefix = ''): string[] {
  const entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  const here = entries.length === 0 ? [prefix || '.'] : [];
  return here.concat(...entries.filter((e) => e.isDirectory()).map((e) => emptyFolders(dir, prefix ? `${prefix}/${e.name}` : e.name)));
}

const shownUnits = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** The bytes a size shown by the app ('1.2 MB', as formatBytes writes it) stands for, give or take its rounding. */
export function shownBytes(text: string): number {
  const match = /([\d.]+) (bytes|KB|MB|GB|TB)/.exec(text);
  if (!match) throw new Error(`no size in "${text}"`);
  return Number(match[1]) * 1024 ** shownUnits.indexOf(match[2]!);
}

/** The package size an export result shows: '15.3 MB' of "(… files written, … unchanged, 15.3 MB on disk)". */
export function sizeInResult(status: string | null): string | undefined {
  return /, ([\d.]+ \w+) on disk\)/.exec(status ?? '')?.[1];
}
