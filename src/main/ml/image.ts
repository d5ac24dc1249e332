import sharp from 'sharp';
import type { RawImage } from './raw-image';

export type { Box, Point, RawImage } from './raw-image';
export { assertRawImage } from './raw-image';

/** Decodes a photo file, applying its EXIF orientation, into 8-bit RGB (what the app's pipeline hands over). */
export async function readRawImage(file: string): Promise<RawImage> {
  try {
    const { data, info } = await sharp(file).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw new Error(`${file}: could not be decoded: ${(error as Error).message}`);
  }
}
