import sharp, { type Sharp } from 'sharp';
import { PipelineError } from './types';
import type { WorkerTask } from './task';
import { applyExifOrientation } from './orientation';
import { decodeHeifToRgba } from './heif';
import { assertWithinPixelLimit, OverPixelLimit } from './pixel-limit';
import { errorMessage } from '../../shared/error-message';

/** Long side of the buffer every derivative is made from. */
export const WORKING_LONG_SIDE = 2048;

/**
 * 'working' decodes straight to the derivatives' size (the decoder can shrink on load); 'full'
 * keeps every pixel, for face detection to find small faces, and the working size is derived
 * from it with shrinkToWorking.
 */
export type DecodeResolution = 'working' | 'full';

export interface DecodedImage {
  /** Oriented sRGB pixels, 3 channels of 8 bits, long side at most WORKING_LONG_SIDE unless decoded 'full'. */
  pixels: Buffer;
  width: number;
  height: number;
  /** Oriented size of the full-resolution image. */
  fullWidth: number;
  fullHeight: number;
}

/** Decodes the original once, whatever its route, into one oriented RGB buffer. */
export async function decodeImage(task: WorkerTask, originalBytes: Buffer | null, resolution: DecodeResolution = 'working'): Promise<DecodedImage> {
  const { file, route, contentType, maxPixels } = task;
  try {
    if (route === 'heif') {
      const heif = await decodeHeifToRgba(requireBytes(originalBytes), maxPixels);
      const input = sharp(heif.rgba, { raw: { width: heif.width, height: heif.height, channels: 4 } });
      return await toPixels(input, heif.width, heif.height, resolution);
    }
    if (route === 'raw-preview') {
      if (!task.embeddedPreview) throw new Error('camera RAW file carries no embedded preview to show');
      return await decodeEncoded(Buffer.from(task.embeddedPreview), maxPixels, task.rawOrientation, resolution);
    }
    return await decodeEncoded(requireBytes(originalBytes), maxPixels, null, resolution);
  } catch (error) {
    if (error instanceof PipelineError) throw error;
    throw new PipelineError('decode', file.path, describeDecodeError(error, contentType));
  }
}

async function decodeEncoded(bytes: Buffer, maxPixels: number, orientationOverride: number | null, resolution: DecodeResolution): Promise<DecodedImage> {
  const options = { failOn: 'truncated', limitInputPixels: maxPixels } as const;
  // Header only, without the limit, so the refusal can name the real size.
  const header = await sharp(bytes, { failOn: 'truncated', limitInputPixels: false }).metadata();
  assertWithinPixelLimit(header.width, header.height, maxPixels);
  const ownOrientation = header.orientation !== undefined;
  const image =
    ownOrientation || orientationOverride === null ? sharp(bytes, options).autoOrient() : applyExifOrientation(sharp(bytes, options), orientationOverride);
  const swaps = ownOrientation ? (header.orientation ?? 1) >= 5 : (orientationOverride ?? 1) >= 5;
  const [fullWidth, fullHeight] = swaps ? [header.height, header.width] : [header.width, header.height];
  return toPixels(image, fullWidth, fullHeight, resolution);
}

async function toPixels(image: Sharp, fullWidth: number, fullHeight: number, resolution: DecodeResolution): Promise<DecodedImage> {
  const sized = resolution === 'working' ? fitWorkingSize(image) : image;
  const { data, info } = await sized.flatten({ background: '#ffffff' }).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoder produced ${info.channels} channels instead of RGB`);
  return { pixels: data, width: info.width, height: info.height, fullWidth, fullHeight };
}

/** The working-size buffer derived from a full-resolution decode (the same buffer when already small). */
export async function shrinkToWorking(image: DecodedImage): Promise<DecodedImage> {
  if (Math.max(image.width, image.height) <= WORKING_LONG_SIDE) return image;
  const raw = { raw: { width: image.width, height: image.height, channels: 3 as const } };
  const { data, info } = await fitWorkingSize(sharp(image.pixels, raw)).raw().toBuffer({ resolveWithObject: true });
  return { ...image, pixels: data, width: info.width, height: info.height };
}

function fitWorkingSize(image: Sharp): Sharp {
  return image.resize({ width: WORKING_LONG_SIDE, height: WORKING_LONG_SIDE, fit: 'inside', withoutEnlargement: true });
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
  const message = errorMessage(error);
  const format = formatNames[contentType] ?? contentType;
  if (error instanceof OverPixelLimit) return message;
  if (/premature end|truncated|unexpected end|end of (file|data|stream)/i.test(message)) {
    return `truncated ${format}: premature end of data`;
  }
  if (/exceeds pixel limit/i.test(message)) return `image is larger than the pixel limit`;
  if (/unsupported image format/i.test(message)) return `${format} content could not be read by the decoder`;
  return `could not decode ${format}: ${message.replace(/^Vips\w*: /, '').trim()}`;
}
