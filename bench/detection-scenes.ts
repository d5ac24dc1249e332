/**
 * Group photos for the detection-recall bench: every group photo the project has (face-api's demo
 * photos, tvcast-scenes, the indexing bench's generated 12 MP photos) and composites made here, with
 * faces from lfw10 and tvcast pasted at known sizes onto 12 MP photos, in rows (a group) and alone
 * (a face somewhere in a landscape), so that the small sizes the demo photos lack are measured too.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import type { RawImage } from '../src/main/ml/image';
import { readRawImage } from '../src/main/ml/image';
import { seededRandom } from '../test/fixtures/seeded-random';

export interface Scene {
  /** Where it comes from: demo, tvcast-scenes, bench-12mp, composite, or a held-out set. */
  set: string;
  /**
   * Held-out scenes were not looked at when the default search's tiles and score floor were chosen
   * (DEFAULT_TILES): the bench checks the recall bar on them separately.
   */
  heldOut: boolean;
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
  const file = (set: string, p: string): Scene => ({ set, name: path.basename(p), heldOut: false, load: () => readRawImage(p) });
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
    for (let i = 0; i < composites; i++) scenes.push({ set: 'composite', name: `composite-${i}`, heldOut: false, load: () => composite(i, faces) });
  }
  return [...scenes, ...heldOutScenes(faces, composites)];
}

/**
 * The check set: real group photos (the demo photos and tvcast-scenes) shrunk into a 12 MP photo so
 * their faces become 15-220 px, several groups per photo as at a party seen from afar; and portrait
 * composites drawn from other seeds, in clusters of two or three, on tvcast-scenes backgrounds.
 */
function heldOutScenes(portraits: readonly string[], count: number): Scene[] {
  const sceneDir = path.join(datasetsDir, 'tvcast-scenes');
  const groups = [
    ...demoPhotos,
    ...(existsSync(sceneDir)
      ? readdirSync(sceneDir)
          .filter((f) => f.endsWith('.jpg'))
          .sort()
          .map((f) => path.join(sceneDir, f))
      : []),
  ];
  const scenes: Scene[] = [];
  for (let i = 0; i < count; i++) scenes.push({ set: 'held-out groups', name: `groups-${i}`, heldOut: true, load: () => shrunkGroups(i, groups) });
  if (portraits.length > 0 && groups.length > demoPhotos.length)
    for (let i = 0; i < count; i++)
      scenes.push({
        set: 'held-out composite',
        name: `clusters-${i}`,
        heldOut: true,
        load: () => clusteredFaces(i, portraits, groups.slice(demoPhotos.length)),
      });
  return scenes;
}

/**
 * Up to twelve photos, each shrunk to 160-560 px wide (a portrait's face becomes 60-220 px, a group's
 * faces 15-60 px), one per cell of a 4x3 grid, on another one stretched to 12 MP.
 */
async function shrunkGroups(index: number, groups: readonly string[]): Promise<RawImage> {
  const rand = seededRandom(7000 + index);
  const pickGroup = () => groups[Math.floor(rand() * groups.length)]!;
  const background = sharp(pickGroup()).resize(COMPOSITE_WIDTH, COMPOSITE_HEIGHT, { fit: 'cover' });
  const layers: OverlayOptions[] = [];
  const cell = COMPOSITE_WIDTH / 4;
  for (let row = 0; row < 3; row++) {
    for (let column = 0; column < 4; column++) {
      if (rand() < 0.2) continue;
      const group = await sharp(pickGroup())
        .resize({ width: Math.round(160 + rand() * 400), height: Math.round(cell - 40), fit: 'inside' })
        .toBuffer({ resolveWithObject: true });
      const left = column * cell + rand() * (cell - group.info.width);
      const top = row * cell + rand() * (cell - group.info.height);
      layers.push({ input: group.data, left: Math.round(left), top: Math.round(top) });
    }
  }
  return rawOf(background.composite(layers));
}

/** Portrait faces in clusters of two or three, side by side, at the sizes of the recall table. */
async function clusteredFaces(index: number, portraits: readonly string[], backgrounds: readonly string[]): Promise<RawImage> {
  const rand = seededRandom(9000 + index);
  const background = sharp(backgrounds[Math.floor(rand() * backgrounds.length)]!).resize(COMPOSITE_WIDTH, COMPOSITE_HEIGHT, { fit: 'cover' });
  const layers: OverlayOptions[] = [];
  for (let row = 0; row < 6; row++) {
    for (let column = 0; column < 4; column++) {
      const size = PASTE_SIZES[Math.floor(rand() * PASTE_SIZES.length)]!;
      const members = 2 + Math.floor(rand() * 2);
      const x = column * 1000 + rand() * (1000 - members * size * 1.7);
      const y = row * 500 + rand() * (500 - size * 2);
      for (let m = 0; m < members; m++) {
        const face = portraits[Math.floor(rand() * portraits.length)]!;
        layers.push({ input: await pastedFace(face, size), left: Math.round(x + m * size * 1.7), top: Math.round(y + (rand() - 0.5) * size * 0.3) });
      }
    }
  }
  return rawOf(background.composite(layers));
}

async function rawOf(image: Sharp): Promise<RawImage> {
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
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
  return rawOf(background.composite(layers));
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
