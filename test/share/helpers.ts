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
