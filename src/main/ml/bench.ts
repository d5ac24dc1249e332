/**
 * Micro-benchmark of the face runtime on one thread: detection passes, alignment and embedding,
 * timed one at a time over many runs. CPU time is reported beside wall time because it stays
 * honest on a busy machine. Several packs are measured in one run, their calls taking turns, so
 * that a change of load on the machine falls on every pack alike and their ratio holds.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { Detection } from './blazeface';
import { detectFaces } from './detector';
import type { FaceModels } from './faces';
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
  packDir: string;
  provider: string;
  modelVersion: string;
  recognizer: { dim: number; size: number; layout: string };
  photo: { file: string; width: number; height: number; faces: number };
  /** Whole-image passes only (no tiles): what a photo with ordinary-sized faces costs. */
  detect: Timing;
  /** The same photo upscaled to 4000x3000 with the default search's tiles (faces down to 48 px). */
  detectDefault12Mp: Timing;
  /** The same with the small-faces search's tiles (faces down to 24 px). */
  detectTiled12Mp: Timing;
  align: Timing;
  embed: Timing;
  /** The whole-photo detection shared among the photo's faces (CPU ms). */
  detectPerFaceCpuMs: number;
  /** Detection shared among the photo's faces, plus alignment and embedding of one face (CPU ms). */
  perFaceCpuMs: number;
}

export interface FaceBenchOptions {
  /** Model packs to measure side by side; default: the bundled pack alone. */
  packDirs?: readonly string[];
  /** A photo with a few faces; default: @vladmandic/face-api's demo/sample1.jpg (3 faces, 1920x1280). */
  photo?: string;
  runs?: number;
  /** Runs of the (slow) 12 MP tiled passes. */
  tiledRuns?: number;
}

/** One pack loaded on one thread, with the faces its detectors find in the photo. */
interface PackUnderTest {
  packDir: string;
  models: FaceModels;
  faces: Detection[];
  /** Aligned RGB crops, one per face. */
  crops: Uint8Array[];
  next: number;
}

async function loadPack(packDir: string, image: RawImage, photo: string): Promise<PackUnderTest> {
  const models = await loadFaceModels(packDir, { threads: 1 });
  const faces = await detectFaces(image, models.detectors, { search: 'whole-photo', closeRange: models.closeRange });
  if (faces.length === 0) throw new Error(`${photo}: no face to benchmark with ${packDir}`);
  return { packDir, models, faces, crops: faces.map((f) => models.recognizer.align(image, f.keypoints)), next: 0 };
}

export async function benchFaces(options: FaceBenchOptions = {}): Promise<FaceBenchReport[]> {
  const { runs = 30, tiledRuns = 3 } = options;
  const photo = options.photo ?? path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo/sample1.jpg');
  const image = await readRawImage(photo);
  const packs: PackUnderTest[] = [];
  for (const packDir of options.packDirs ?? [BUNDLED_PACK_DIR]) packs.push(await loadPack(packDir, image, photo));
  const detect = await timeInTurns(
    runs,
    packs.map((p) => () => detectFaces(image, p.models.detectors, { search: 'whole-photo', closeRange: p.models.closeRange })),
  );
  const align = await timeInTurns(
    runs,
    packs.map((p) => async () => p.models.recognizer.align(image, p.faces[p.next++ % p.faces.length]!.keypoints)),
  );
  const embed = await timeInTurns(
    runs,
    packs.map((p) => () => p.models.recognizer.embed([p.crops[p.next++ % p.crops.length]!])),
  );
  const large = await upscale(image, 4000, 3000);
  const detectDefault12Mp = await timeInTurns(
    tiledRuns,
    packs.map((p) => () => detectFaces(large, p.models.detectors, { search: 'default', closeRange: p.models.closeRange })),
  );
  const detectTiled12Mp = await timeInTurns(
    tiledRuns,
    packs.map((p) => () => detectFaces(large, p.models.detectors, { search: 'small-faces', closeRange: p.models.closeRange })),
  );
  return packs.map(({ packDir, models, faces }, i) => {
    const detectPerFaceCpuMs = detect[i]!.cpuMs / faces.length;
    const { recognizer } = models.manifest;
    return {
      packDir,
      provider: models.provider,
      modelVersion: models.modelVersion,
      recognizer: { dim: recognizer.embeddingDim, size: recognizer.preprocessing.size, layout: recognizer.input.layout },
      photo: { file: photo, width: image.width, height: image.height, faces: faces.length },
      detect: detect[i]!,
      detectDefault12Mp: detectDefault12Mp[i]!,
      detectTiled12Mp: detectTiled12Mp[i]!,
      align: align[i]!,
      embed: embed[i]!,
      detectPerFaceCpuMs,
      perFaceCpuMs: detectPerFaceCpuMs + align[i]!.cpuMs + embed[i]!.cpuMs,
    };
  });
}

/** Times each function `runs` times, one call of each in turn, after one warm-up call each. */
async function timeInTurns(runs: number, fns: readonly (() => Promise<unknown>)[]): Promise<Timing[]> {
  for (const fn of fns) await fn(); // warm-up: first runs allocate arenas
  const wall = fns.map((): number[] => []);
  const cpu = fns.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    for (const [i, fn] of fns.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      wall[i]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[i]!.push((c.user + c.system) / 1000);
    }
  }
  return fns.map((_, i) => ({ wallMs: median(wall[i]!), cpuMs: median(cpu[i]!), runs }));
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
