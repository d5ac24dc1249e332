/**
 * Group photos for the detection-recall bench: every group photo the project has (face-api's demo
 * photos, tvcast-scenes, the indexing bench's generated 12 MP photos) and composites made here, with
 * faces from lfw10 and tvcast pasted at known sizes onto 12 MP photos, in rows (a group) and alone
 * (a face somewhere in a landscape), so that the small sizes the demo photos lack are measured too.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import type { RawImage } from '../src/main/ml/image';
import { readRawImage } from '../src/main/ml/image';
import { seededRandom } from '../test/fixtures/seeded-random';

export interface Scene {
  /** Where it comes from: demo, tvcast-scenes, bench-12mp or composite. */
  set: string;
  name: string;
  load(): Promise<RawImage>;
}

export const datasetsDir = path.resolve('../shared/datasets');
const faceApiDemo = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
export const demoPhotos = [1, 2, 3, 4, 5, 6].map((n) => path.join(faceApiDemo, `sample${n}.jpg`));

const COMPOSITE_WIDTH = 4000;
const COMPOSITE_HEIGHT = 3000;
/** Face widths pasted, in photo pixels: every size bucket of the recall table, twice or more. */
const PASTE_SIZES = [24, 26, 28, 30, 34, 38, 42, 46, 50, 56, 64, 72, 80, 90, 100, 120, 140];

/** The scenes there are here; the datasets' ones only when ../shared/datasets is present. */
export function detectionScenes(benchPhotos: readonly string[], composites = 6): Scene[] {
  const file = (set: string, p: string): Scene => ({ set, name: path.basename(p), load: () => readRawImage(p) });
  const scenes = demoPhotos.map((p) => file('demo', p));
  const sceneDir = path.join(datasetsDir, 'tvcast-scenes');
  if (existsSync(sceneDir))
    scenes.push(
      ...readdirSync(sceneDir)
        .filter((f) => f.endsWith('.jpg'))
        .sort()
        .map((f) => file('tvcast-scenes', path.join(sceneDir, f))),
    );
  scenes.push(...benchPhotos.map((p) => file('bench-12mp', p)));
  const faces = portraitFiles();
  if (faces.length > 0) {
    for (let i = 0; i < composites; i++) scenes.push({ set: 'composite', name: `composite-${i}`, load: () => composite(i, faces) });
  }
  return scenes;
}

/** lfw10 and tvcast portraits: one face each, roughly centred. */
function portraitFiles(): string[] {
  const out: string[] = [];
  for (const set of ['lfw10', 'tvcast']) {
    const dir = path.join(datasetsDir, set);
    if (!existsSync(dir)) continue;
    for (const person of readdirSync(dir).sort()) {
      out.push(
        ...readdirSync(path.join(dir, person))
          .sort()
          .map((f) => path.join(dir, person, f)),
      );
    }
  }
  return out;
}

/**
 * Composite `index`: a demo photo stretched to 12 MP as the background (its own faces become very
 * large ones), even indexes with faces in rows of one size each, odd ones with faces scattered alone.
 */
async function composite(index: number, portraits: readonly string[]): Promise<RawImage> {
  const rand = seededRandom(1000 + index);
  const pick = () => portraits[Math.floor(rand() * portraits.length)]!;
  const background = sharp(demoPhotos[index % demoPhotos.length]!).resize(COMPOSITE_WIDTH, COMPOSITE_HEIGHT, { fit: 'cover' });
  const layers: OverlayOptions[] = [];
  const taken: { x: number; y: number; size: number }[] = [];
  const free = (x: number, y: number, size: number) =>
    taken.every((t) => Math.abs(t.x - x) > (t.size + size) * 0.9 || Math.abs(t.y - y) > (t.size + size) * 0.9);
  const place = async (x: number, y: number, size: number) => {
    if (!free(x, y, size)) return;
    taken.push({ x, y, size });
    layers.push({ input: await pastedFace(pick(), size), left: Math.round(x), top: Math.round(y) });
  };
  if (index % 2 === 0) {
    for (let row = 0; row < 8; row++) {
      const size = PASTE_SIZES[Math.floor(rand() * PASTE_SIZES.length)]!;
      const y = 60 + row * 360 + rand() * 60;
      const count = 4 + Math.floor(rand() * 6);
      const x0 = rand() * (COMPOSITE_WIDTH - count * size * 1.8 - 2 * size);
      for (let i = 0; i < count; i++) await place(x0 + i * size * 1.8, y, size);
    }
  } else {
    for (const size of [...PASTE_SIZES, ...PASTE_SIZES]) {
      await place(rand() * (COMPOSITE_WIDTH - 2 * size), rand() * (COMPOSITE_HEIGHT - 2 * size), size);
    }
  }
  const { data, info } = await background.composite(layers).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** A portrait's face with some hair and neck, about `size` px wide, in a soft oval (no hard square edge). */
async function pastedFace(file: string, size: number): Promise<Buffer> {
  const image = sharp(file);
  const { width = 0, height = 0 } = await image.metadata();
  // lfw10 and tvcast portraits: the face is about 0.42 of the shorter side, centred.
  const crop = Math.round(Math.min(width, height) * 0.62);
  const side = Math.round((size * 0.62) / 0.42);
  const mask = Buffer.from(
    `<svg width="${side}" height="${side}"><defs><radialGradient id="g"><stop offset="80%" stop-color="#fff"/><stop offset="100%" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>` +
      `<ellipse cx="${side / 2}" cy="${side / 2}" rx="${side * 0.42}" ry="${side / 2}" fill="url(#g)"/></svg>`,
  );
  return image
    .extract({ left: Math.round((width - crop) / 2), top: Math.round((height - crop) / 2), width: crop, height: crop })
    .resize(side, side)
    .ensureAlpha()
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toBuffer();
}
