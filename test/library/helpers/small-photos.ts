import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Writes `count` tiny, distinct JPEGs (noise from a seeded generator) under dir/batch-N/:
 * fast to make and to index, for volume tests like the kill -9 resume test.
 */
export async function writeSmallPhotos(dir: string, count: number, size = 48): Promise<string[]> {
  const files: string[] = [];
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  };
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(size * size * 3);
    for (let p = 0; p < pixels.length; p++) pixels[p] = next();
    const file = path.join(dir, `batch-${Math.floor(i / 100)}`, `photo-${String(i).padStart(5, '0')}.jpg`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
      .jpeg({ quality: 70 })
      .toFile(file);
    files.push(file);
  }
  return files;
}
