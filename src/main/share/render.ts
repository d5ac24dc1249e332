import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** How package images are rendered; part of their file names, so a change re-renders them. */
export interface Rendering {
  longSide: number;
  quality: number;
  watermark: string | null;
}

/** Web size: sharp on a phone, light enough to download a whole event. */
export const webRendering = (watermark: string | null): Rendering => ({ longSide: 2048, quality: 82, watermark });
/** Grid thumbnails stay unmarked: they are too small to be worth taking. */
export const thumbRendering: Rendering = { longSide: 480, quality: 70, watermark: null };

/** 8 hex digits naming a rendering: images/<sha256>-<key>.webp. */
export function renderingKey(rendering: Rendering): string {
  return createHash('sha256')
    .update(JSON.stringify(['v1', rendering]))
    .digest('hex')
    .slice(0, 8);
}

export interface RenderedImage {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Renders `source` (a library preview, already upright, or an original, turned upright by its
 * EXIF orientation) as WebP inside longSide, never enlarged, with the watermark in a corner.
 */
export async function renderWebp(source: string, rendering: Rendering): Promise<RenderedImage> {
  const upright = await sharp(source, { failOn: 'error' })
    .rotate()
    .resize({ width: rendering.longSide, height: rendering.longSide, fit: 'inside', withoutEnlargement: true })
    .toBuffer({ resolveWithObject: true });
  let image = sharp(upright.data);
  if (rendering.watermark !== null) {
    image = image.composite([{ input: watermarkSvg(rendering.watermark, upright.info.width, upright.info.height), gravity: 'southeast' }]);
  }
  const { data, info } = await image.webp({ quality: rendering.quality }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** White text with a dark outline, about 3% of the short side high, readable on any photo. */
function watermarkSvg(text: string, width: number, height: number): Buffer {
  const size = Math.max(10, Math.round(Math.min(width, height) * 0.035));
  const margin = Math.round(size * 0.8);
  const escaped = text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const boxWidth = Math.min(width, Math.ceil(escaped.length * size * 0.62 + margin * 2));
  const boxHeight = Math.min(height, size + margin * 2);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${boxWidth}" height="${boxHeight}">` +
      `<text x="${boxWidth - margin}" y="${boxHeight - margin}" text-anchor="end" font-family="sans-serif" ` +
      `font-size="${size}" fill="white" fill-opacity="0.85" stroke="black" stroke-opacity="0.5" ` +
      `stroke-width="${Math.max(1, size / 16)}">${escaped}</text></svg>`,
  );
}
