import sharp, { type Sharp } from 'sharp';
import { PipelineError } from './types';
import type { WorkerTask } from './task';
import { applyExifOrientation } from './orientation';
import { decodeHeifToRgba } from './heif';
import { assertWithinPixelLimit, OverPixelLimit } from './pixel-limit';

/** Long side of the one decoded buffer every derivative (and later face detection) is made from. */
export const WORKING_LONG_SIDE = 2048;

export interface DecodedImage {
  /** Oriented sRGB pixels, 3 channels of 8 bits, long side at most WORKING_LONG_SIDE. */
  pixels: Buffer;
  width: number;
  height: number;
  /** Oriented size of the full-resolution image. */
  fullWidth: number;
  fullHeight: number;
}

/** Decodes the original once, whatever its route, into the working pixel buffer. */
export async function decodeImage(task: WorkerTask, originalBytes: Buffer | null): Promise<DecodedImage> {
  const { file, route, contentType, maxPixels } = task;
  try {
    if (route === 'heif') {
      const heif = await decodeHeifToRgba(requireBytes(originalBytes), maxPixels);
      const input = sharp(heif.rgba, { raw: { width: heif.width, height: heif.height, channels: 4 } });
      return await toWorkingPixels(input, heif.width, heif.height);
    }
    if (route === 'raw-preview') {
      if (!task.embeddedPreview) throw new Error('camera RAW file carries no embedded preview to show');
      return await decodeEncoded(Buffer.from(task.embeddedPreview), maxPixels, task.rawOrientation);
    }
    return await decodeEncoded(requireBytes(originalBytes), maxPixels, null);
  } catch (error) {
    if (error instanceof PipelineError) throw error;
    throw new PipelineError('decode', file.path, describeDecodeError(error, contentType));
  }
}

async function decodeEncoded(bytes: Buffer, maxPixels: number, orientationOverride: number | null): Promise<DecodedImage> {
  const options = { failOn: 'truncated', limitInputPixels: maxPixels } as const;
  // Header only, without the limit, so the refusal can name the real size.
  const header = await sharp(bytes, { failOn: 'truncated', limitInputPixels: false }).metadata();
  assertWithinPixelLimit(header.width, header.height, maxPixels);
  const ownOrientation = header.orientation !== undefined;
  const image = ownOrientation || orientationOverride === null
    ? sharp(bytes, options).autoOrient()
    : applyExifOrientation(sharp(bytes, options), orientationOverride);
  const swaps = ownOrientation ? (header.orientation ?? 1) >= 5 : (orientationOverride ?? 1) >= 5;
  const [fullWidth, fullHeight] = swaps ? [header.height, header.width] : [header.width, header.height];
  return toWorkingPixels(image, fullWidth, fullHeight);
}

async function toWorkingPixels(image: Sharp, fullWidth: number, fullHeight: number): Promise<DecodedImage> {
  const { data, info } = await image
    .resize({ width: WORKING_LONG_SIDE, height: WORKING_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoder produced ${info.channels} channels instead of RGB`);
  return { pixels: data, width: info.width, height: info.height, fullWidth, fullHeight };
}

function requireBytes(bytes: Buffer | null): Buffer {
  if (!bytes) throw new Error('original bytes were not read');
  return bytes;
}

const formatNames: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/tiff': 'TIFF',
  'image/avif': 'AVIF',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
};

/** Turns decoder messages (libvips, libheif) into a reason that names the cause. */
export function describeDecodeError(error: unknown, contentType: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const format = formatNames[contentType] ?? contentType;
  if (error instanceof OverPixelLimit) return message;
  if (/premature end|truncated|unexpected end|end of (file|data|stream)/i.test(message)) {
    return `truncated ${format}: premature end of data`;
  }
  if (/exceeds pixel limit/i.test(message)) return `image is larger than the pixel limit`;
  if (/unsupported image format/i.test(message)) return `${format} content could not be read by the decoder`;
  return `could not decode ${format}: ${message.replace(/^Vips\w*: /, '').trim()}`;
}
