/**
 * The size of a package before it is written. Everything but the photos' WebP renderings is known
 * in advance, and those depend on each photo's content, so the estimate writes real packages with
 * the exporter itself, into a temp folder: one without photos (viewer, manifest, search runtime
 * and models) and one with a sample of the photos; each further photo is counted at the sample's
 * mean. A package of no more photos than the sample is written whole: its estimate is its size.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ShareExportEstimate } from '../../shared/api';
import { exportSharePackage, type ExportPhoto, type ExportRequest } from './export';

/** What a package holds, wherever and however it is written. */
export type PackageContents = Omit<ExportRequest, 'destination' | 'format' | 'signal' | 'onPhoto'>;

/** Photos rendered for an estimate: enough for a mean within about 10% on photos of one event. */
export const estimateSampleSize = 8;

/**
 * Bytes on disk of packages holding `counts[i]` distinct photos each, drawn from `contents`
 * (one count for one package; one per guest for "export for everyone").
 */
export async function estimateSharePackages(
  contents: PackageContents,
  format: 'folder' | 'zip',
  counts: readonly number[],
  sampleSize = estimateSampleSize,
): Promise<ShareExportEstimate> {
  if (counts.length === 0) return { bytes: 0, packages: 0 };
  const photos = distinctPhotos(contents.photos);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'facet-estimate-'));
  try {
    const sizeOf = async (name: string, chosen: readonly ExportPhoto[]) => {
      const destination = path.join(dir, format === 'zip' ? `${name}.zip` : name);
      return (await exportSharePackage({ ...holding(contents, chosen), destination, format })).bytes;
    };
    if (counts.length === 1 && counts[0] === photos.length && photos.length <= sampleSize) {
      return { bytes: await sizeOf('whole', photos), packages: 1 };
    }
    const sample = evenlySpaced(photos, sampleSize);
    const fixed = await sizeOf('none', []);
    const perPhoto = sample.length === 0 ? 0 : ((await sizeOf('sample', sample)) - fixed) / sample.length;
    return { bytes: Math.round(counts.reduce((sum, count) => sum + fixed + perPhoto * count, 0)), packages: counts.length };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function distinctPhotos(photos: readonly ExportPhoto[]): ExportPhoto[] {
  const seen = new Set<string>();
  return photos.filter((photo) => !seen.has(photo.sha256) && seen.add(photo.sha256));
}

/** `count` photos spread over the list (the event's photos are in time order: early, middle and late ones). */
function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / count)]!);
}

/** The same package holding only `photos`: names and faces of other photos left out, as the manifest requires. */
function holding(contents: PackageContents, photos: readonly ExportPhoto[]): PackageContents {
  const kept = new Set(photos.map((photo) => photo.sha256));
  const members = (list: PackageContents['people']) => list?.map((member) => ({ ...member, photos: member.photos.filter((sha) => kept.has(sha)) }));
  return {
    ...contents,
    photos,
    people: members(contents.people),
    guests: members(contents.guests),
    ...(contents.biometrics ? { biometrics: { ...contents.biometrics, faces: contents.biometrics.faces.filter((face) => kept.has(face.photo)) } } : {}),
  };
}
