import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FaceThumbnail } from '../ml/faces';
import type { RawImage } from '../ml/image';
import type { FaceThumbFile } from '../domain/indexed-file';
import { rederivable, writeFileAtomic } from '../fs/atomic-file';

/** Side of a face thumbnail: enough for a people grid on a high-density screen. */
const FACE_THUMB_SIDE = 192;

/** Content-addressed like the photo's own derivatives: one crop per face of that content. */
export function faceThumbPath(derivativesDir: string, sha256: string, faceIndex: number): string {
  return join(derivativesDir, sha256.slice(0, 2), `${sha256}.face-${faceIndex}.webp`);
}

/**
 * Crops the square around a face from the decoded photo (no re-encode in between) and stores it.
 * The crop is copied out before sharp sees it: handed the whole 12 MP buffer, libvips took ~8 ms
 * of CPU per face to extract it, the copy takes well under one.
 */
export async function storeFaceThumb(derivativesDir: string, sha256: string, faceIndex: number, image: RawImage, crop: FaceThumbnail): Promise<FaceThumbFile> {
  const side = Math.min(FACE_THUMB_SIDE, crop.size);
  const raw = { raw: { width: crop.size, height: crop.size, channels: image.channels as 1 | 3 | 4 } };
  const webp = await sharp(cropOf(image, crop), raw).resize(side, side).webp({ quality: 80 }).toBuffer();
  const file = faceThumbPath(derivativesDir, sha256, faceIndex);
  await mkdir(join(derivativesDir, sha256.slice(0, 2)), { recursive: true });
  await writeFileAtomic(file, webp, rederivable);
  return { path: file, width: side, height: side, bytes: webp.length };
}

function cropOf(image: RawImage, { left, top, size }: FaceThumbnail): Buffer {
  const row = size * image.channels;
  const out = Buffer.alloc(row * size);
  const source = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  for (let y = 0; y < size; y++) {
    const start = ((top + y) * image.width + left) * image.channels;
    source.copy(out, y * row, start, start + row);
  }
  return out;
}
