/**
 * Micro-benchmark of the face runtime on one thread: detection passes, alignment and embedding,
 * timed one at a time over many runs. CPU time is reported beside wall time because it stays
 * honest on a busy machine.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { detectFaces } from './detector';
import { BUNDLED_PACK_DIR, loadFaceModels } from './faces';
import type { RawImage } from './image';
import { readRawImage } from './image';

export interface Timing {
  /** Median milliseconds per call. */
  wallMs: number;
  cpuMs: number;
  runs: number;
}

export interface FaceBenchReport {
  provider: string;
  modelVersion: string;
  photo: { file: string; width: number; height: number; faces: number };
  /** Whole-image passes only (no tiles): what a photo with ordinary-sized faces costs. */
  detect: Timing;
  /** The same photo upscaled to 4000x3000 with tiles for faces down to 24 px. */
  detectTiled12Mp: Timing;
  align: Timing;
  embed: Timing;
  /** Detection shared among the photo's faces, plus alignment and embedding of one face (CPU ms). */
  perFaceCpuMs: number;
}

export interface FaceBenchOptions {
  packDir?: string;
  /** A photo with a few faces; default: @vladmandic/face-api's demo/sample1.jpg (3 faces, 1920x1280). */
  photo?: string;
  runs?: number;
  /** Runs of the (slow) 12 MP tiled pass. */
  tiledRuns?: number;
}

export async function benchFaces(options: FaceBenchOptions = {}): Promise<FaceBenchReport> {
  const { runs = 30, tiledRuns = 3 } = options;
  const photo = options.photo ?? path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo/sample1.jpg');
  const models = await loadFaceModels(options.packDir ?? BUNDLED_PACK_DIR, { threads: 1 });
  const image = await readRawImage(photo);
  const faces = await detectFaces(image, models.detectors, { minFaceSize: 0 });
  if (faces.length === 0) throw new Error(`${photo}: no face to benchmark`);
  const crops = faces.map((f) => models.recognizer.align(image, f.keypoints));
  let next = 0;
  const detect = await time(runs, () => detectFaces(image, models.detectors, { minFaceSize: 0 }));
  const align = await time(runs, async () => models.recognizer.align(image, faces[next++ % faces.length]!.keypoints));
  const embed = await time(runs, () => models.recognizer.embed([crops[next++ % crops.length]!]));
  const large = await upscale(image, 4000, 3000);
  const detectTiled12Mp = await time(tiledRuns, () => detectFaces(large, models.detectors, { minFaceSize: 24 }));
  return {
    provider: models.provider,
    modelVersion: models.modelVersion,
    photo: { file: photo, width: image.width, height: image.height, faces: faces.length },
    detect,
    detectTiled12Mp,
    align,
    embed,
    perFaceCpuMs: detect.cpuMs / faces.length + align.cpuMs + embed.cpuMs,
  };
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // warm-up: first runs allocate arenas
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), runs };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function upscale(image: RawImage, width: number, height: number): Promise<RawImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 3 | 4 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
