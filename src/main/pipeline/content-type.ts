import { fileTypeFromFile } from 'file-type';
import type { MediaType } from '../../shared/api';
import { PipelineError } from './types';
import { type FileToProcess } from '../domain/indexed-file';
import { assertUnchanged, describeFsError, describeNonRegularFile, statOriginal } from './original-file';

/** How the worker turns a file of this type into pixels. */
export type DecodeRoute = 'sharp' | 'heif' | 'raw-preview' | 'video';

export interface DetectedType {
  contentType: string;
  mediaType: MediaType;
  route: DecodeRoute;
}

const sharpImageTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/avif']);

const heifImageTypes = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);

/** Camera RAW formats: decoded through the JPEG preview the camera embedded. */
const rawImageTypes = new Set([
  'image/x-canon-cr2',
  'image/x-canon-cr3',
  'image/x-nikon-nef',
  'image/x-sony-arw',
  'image/x-adobe-dng',
  'image/x-olympus-orf',
  'image/x-fujifilm-raf',
  'image/x-panasonic-rw2',
]);

function routeFor(contentType: string): DetectedType | null {
  if (sharpImageTypes.has(contentType)) return { contentType, mediaType: 'image', route: 'sharp' };
  if (heifImageTypes.has(contentType)) return { contentType, mediaType: 'image', route: 'heif' };
  if (rawImageTypes.has(contentType)) return { contentType, mediaType: 'image', route: 'raw-preview' };
  if (contentType.startsWith('video/')) return { contentType, mediaType: 'video', route: 'video' };
  return null;
}

/**
 * Checks the file is still the regular file the scanner saw, then names its content from its
 * magic bytes (never the extension). Runs before anything opens the file for real: opening a
 * named pipe would block forever.
 */
export async function detectContentType(file: FileToProcess): Promise<DetectedType> {
  const stats = await statOriginal(file.path);
  if (!stats.isFile()) throw new PipelineError('read', file.path, describeNonRegularFile(stats));
  if (stats.size === 0) throw new PipelineError('read', file.path, 'empty file (0 bytes)');
  assertUnchanged(file, stats, 'file changed since it was scanned');

  let detected;
  try {
    detected = await fileTypeFromFile(file.path);
  } catch (error) {
    throw new PipelineError('read', file.path, describeFsError(error));
  }
  if (!detected) {
    throw new PipelineError('detect-type', file.path, 'not a photo or video: the content matches no known file format');
  }
  const type = routeFor(detected.mime);
  if (!type) {
    throw new PipelineError('detect-type', file.path, `not a supported photo or video format (${detected.mime})`);
  }
  return type;
}
