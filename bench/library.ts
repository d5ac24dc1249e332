import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

const faceApiDemo = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
const groupPhotos = [1, 2, 3, 4, 5, 6].map((n) => path.join(faceApiDemo, `sample${n}.jpg`));

/**
 * A library of camera-sized JPEGs with photo-like entropy: smooth random structure upscaled from
 * a small noise field plus fine grain, so decode cost resembles a real 12 MP photo (~3-5 MB),
 * not a flat colour, and one of face-api's group photos placed in it so face detection has real
 * faces to find. Generated once and reused between bench runs.
 *
 * Encoding a 12 MP JPEG takes seconds here, so only `uniquePhotos` are drawn; the others are
 * those bytes with a unique JPEG comment segment: a different SHA-256 (no cache hit anywhere in
 * the indexer) and exactly the same decoding work.
 */
export async function ensureBenchLibrary(dir: string, count: number, width = 4000, height = 3000, uniquePhotos = 24): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const existing = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort() : [];
  const fileName = (i: number) => path.join(dir, `photo-${String(i).padStart(5, '0')}.jpg`);
  for (let i = existing.length; i < Math.min(count, uniquePhotos); i++) {
    const field = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
    })
      .png()
      .toBuffer();
    const grain = await sharp({
      create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 12 } },
    })
      .png()
      .toBuffer();
    const group = await sharp(groupPhotos[i % groupPhotos.length]!)
      .resize({ width: Math.round(width * 0.6), height: Math.round(height * 0.8), fit: 'inside' })
      .toBuffer();
    await sharp(field)
      .resize(width, height, { kernel: 'cubic' })
      .composite([
        { input: grain, blend: 'soft-light' },
        { input: group, left: Math.round(width * 0.2), top: Math.round(height * 0.1) },
      ])
      .jpeg({ quality: 88 })
      .withExif({ IFD0: { Make: 'FacetBench', Model: 'Synthetic 12MP', DateTime: '2024:05:01 12:00:00' } })
      .toFile(fileName(i));
    process.stderr.write(`generated ${i + 1}/${Math.min(count, uniquePhotos)} unique photos\n`);
  }
  for (let i = Math.max(existing.length, uniquePhotos); i < count; i++) {
    const base = await readFile(fileName(i % uniquePhotos));
    await writeFile(fileName(i), withComment(base, `facet-bench ${i}`));
  }
  return (await readdir(dir))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, count)
    .map((f) => path.join(dir, f));
}

/** Inserts a COM segment right after the JPEG's SOI marker. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4 + body.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  body.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
