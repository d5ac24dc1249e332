import { ExifDateTime, ExifTool, type Tags } from 'exiftool-vendored';
import type { PhotoMetadata } from '../domain/indexed-file';

/** The one long-lived exiftool (perl, -stay_open) the main thread shares between all files. */
export function openExifTool(threads: number): ExifTool {
  return new ExifTool({ maxProcs: Math.max(1, Math.ceil(threads / 4)), taskTimeoutMillis: 30_000 });
}

export interface MetadataFacts {
  metadata: PhotoMetadata;
  /** Oriented size as recorded in the container (used for videos and camera RAW). */
  width: number | null;
  height: number | null;
}

export async function readMetadata(exiftool: ExifTool, path: string): Promise<MetadataFacts> {
  const tags = await exiftool.read(path);
  const taken = firstDateTime(tags.DateTimeOriginal, tags.SubSecDateTimeOriginal, tags.CreateDate, tags.MediaCreateDate);
  const orientation = typeof tags.Orientation === 'number' ? tags.Orientation : null;
  const [width, height] = orientedSize(tags, orientation);
  return {
    metadata: {
      takenAt: taken ? formatTakenAt(taken) : null,
      takenAtOffset: taken?.tzoffsetMinutes === undefined ? null : formatOffset(taken.tzoffsetMinutes),
      orientation,
      cameraMake: text(tags.Make),
      cameraModel: text(tags.Model),
      lensModel: text(tags.LensModel) ?? text(tags.LensID),
      latitude: finite(tags.GPSLatitude),
      longitude: finite(tags.GPSLongitude),
      altitude: finite(tags.GPSAltitude),
      durationSeconds: finite(tags.Duration),
      rating: starRating(tags.Rating),
    },
    width,
    height,
  };
}

const previewTags = ['JpgFromRaw', 'PreviewImage', 'OtherImage', 'ThumbnailImage'] as const;

/** The largest JPEG the camera embedded in a RAW file, or null when it carries none. */
export async function extractEmbeddedPreview(exiftool: ExifTool, path: string): Promise<Buffer | null> {
  const tags = (await exiftool.read(path, { readArgs: ['-fast', ...previewTags.map((t) => `-${t}`)] })) as Record<string, unknown>;
  const available = previewTags
    .map((tag) => ({ tag, bytes: binaryLength(tags[tag]) }))
    .filter((candidate) => candidate.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const largest = available[0];
  return largest ? exiftool.extractBinaryTagToBuffer(largest.tag, path) : null;
}

function binaryLength(value: unknown): number {
  if (value && typeof value === 'object' && 'bytes' in value && typeof value.bytes === 'number') return value.bytes;
  const match = typeof value === 'string' ? /Binary data (\d+) bytes/.exec(value) : null;
  return match ? Number(match[1]) : 0;
}

function firstDateTime(...values: unknown[]): ExifDateTime | null {
  for (const value of values) if (value instanceof ExifDateTime) return value;
  return null;
}

function formatTakenAt(value: ExifDateTime): string {
  const date = `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
  const time = `${pad(value.hour)}:${pad(value.minute)}:${pad(value.second)}`;
  const offset = value.tzoffsetMinutes === undefined ? '' : formatOffset(value.tzoffsetMinutes);
  return `${date}T${time}${offset}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** XMP and EXIF Rating are 0-5 stars; -1 marks a reject in Lightroom and others, which is no rating. */
function starRating(value: unknown): number | null {
  const stars = finite(value);
  return stars !== null && stars >= 0 && stars <= 5 ? Math.round(stars) : null;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Videos record rotation in degrees, photos as an EXIF orientation; both can swap width and height. */
function orientedSize(tags: Tags, orientation: number | null): [number | null, number | null] {
  const width = finite(tags.ImageWidth);
  const height = finite(tags.ImageHeight);
  const rotation = Number(tags.Rotation);
  const swaps = rotation === 90 || rotation === 270 || (orientation !== null && orientation >= 5);
  return swaps ? [height, width] : [width, height];
}
