import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import type { PhotoSummary } from '../../../src/shared/api';
import { openEngine, type FacetEngine } from '../../../src/main/api/engine';
import { makePhotoLibrary, renderScene, type PhotoLibrary } from '../../fixtures';
import { makeTempDir } from '../../library/helpers/temp';

export interface ClusteredPhoto {
  relPath: string;
  /** Local wall clock as EXIF writes it. */
  takenAt: string;
  gps: { latitude: number; longitude: number } | null;
}

const berlin = { latitude: 52.52, longitude: 13.405 };
const paris = { latitude: 48.8566, longitude: 2.3522 };
const lyon = { latitude: 45.764, longitude: 4.8357 };

const at = (date: string, minutes: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMinutes(minutes);
  return d.toISOString().slice(0, 19);
};

/**
 * Photos taken in runs, as a camera roll holds them: a party (6, Berlin, 30 min apart); a day in
 * Paris (5) then Lyon (5), 390 km and one hour apart; a hike without GPS, 5 in the morning and 5
 * in the evening after a 7 hour pause. With the default thresholds that is 5 events.
 */
export const clusteredPhotos: ClusteredPhoto[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ relPath: `party/P${i + 1}.jpg`, takenAt: at('2024-03-09', 19 * 60 + i * 30), gps: berlin })),
  ...Array.from({ length: 5 }, (_, i) => ({ relPath: `trip/paris-${i + 1}.jpg`, takenAt: at('2024-05-01', 10 * 60 + i * 20), gps: paris })),
  ...Array.from({ length: 5 }, (_, i) => ({ relPath: `trip/lyon-${i + 1}.jpg`, takenAt: at('2024-05-01', 12 * 60 + 20 + i * 20), gps: lyon })),
  ...Array.from({ length: 5 }, (_, i) => ({ relPath: `hike/am-${i + 1}.jpg`, takenAt: at('2024-06-15', 8 * 60 + i * 60), gps: null })),
  ...Array.from({ length: 5 }, (_, i) => ({ relPath: `hike/pm-${i + 1}.jpg`, takenAt: at('2024-06-15', 19 * 60 + i * 60), gps: null })),
];

async function writeClusteredPhotos(root: string): Promise<void> {
  const exiftool = new ExifTool({ maxProcs: 1 });
  try {
    for (const [index, photo] of clusteredPhotos.entries()) {
      const file = path.join(root, ...photo.relPath.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      await (await renderScene(300 + index, { width: 320, height: 240 })).jpeg({ quality: 80 }).toFile(file);
      await exiftool.write(
        file,
        {
          DateTimeOriginal: photo.takenAt.replace(/-/g, ':').replace('T', ' '),
          ...(photo.gps ? { GPSLatitude: photo.gps.latitude, GPSLongitude: photo.gps.longitude } : {}),
        },
        { writeArgs: ['-overwrite_original'] },
      );
    }
  } finally {
    await exiftool.end();
  }
}

export interface EventLibrary {
  engine: FacetEngine;
  photos: PhotoLibrary;
  sourceId: number;
  root: string;
  /** A scratch folder for packages and imports. */
  work: string;
  all(): Promise<PhotoSummary[]>;
  byPath(relPath: string): Promise<PhotoSummary>;
  close(): Promise<void>;
}

/** makePhotoLibrary plus the clustered runs above, indexed through openEngine. */
export async function openEventLibrary(prefix: string): Promise<EventLibrary> {
  const temp = makeTempDir(prefix);
  const root = path.join(temp.dir, 'photos');
  const photos = await makePhotoLibrary(root, { video: false });
  await writeClusteredPhotos(root);
  const engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), threads: 1 });
  const sourceId = (await engine.api.addFolderSource({ path: root })).id;
  await engine.indexAll();
  const all = async () => (await engine.api.listPhotos({ offset: 0, limit: 2000 })).items;
  const byPath = async (relPath: string) => {
    const fileName = relPath.slice(relPath.lastIndexOf('/') + 1);
    const candidates = (await all()).filter((photo) => photo.fileName === fileName);
    for (const candidate of candidates) {
      if ((await engine.api.getPhoto({ photoId: candidate.id })).path === path.join(root, ...relPath.split('/'))) return candidate;
    }
    throw new Error(`${relPath} is not in the library`);
  };
  return {
    engine,
    photos,
    sourceId,
    root,
    work: temp.dir,
    all,
    byPath,
    async close() {
      await engine.close();
      temp.cleanup();
    },
  };
}
