/**
 * Face verification on a labelled set: embed the largest face of every image, score pairs by
 * cosine similarity, and report how well same-identity pairs separate from different ones.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { FaceModels } from '../faces';
import { BUNDLED_PACK_DIR, detectAndEmbed, loadFaceModels } from '../faces';
import { readRawImage } from '../image';
import { cosineSimilarity } from '../recognizer';
import { bestThreshold, rocAuc } from './roc';

export interface VerifyOptions {
  /** A folder of person folders, or the folder `pairsCsv` paths are relative to. */
  root: string;
  /** CSV with a header and columns file_x, file_y, Decision (Yes = same person, No = different). */
  pairsCsv?: string;
  /** Images are already aligned face crops: resize to the recognizer's input, skip detection. */
  aligned?: boolean;
  /** Loaded models; otherwise the pack in `packDir` (default: the bundled pack) is loaded on one thread. */
  models?: FaceModels;
  packDir?: string;
}

export interface VerifyReport {
  images: number;
  facesFound: number;
  pairs: { same: number; different: number };
  /** Pairs with an image where no face was found; they score -1 (never judged the same person). */
  pairsWithoutFace: number;
  rocAuc: number;
  /** Cosine similarity at or above which a pair is called the same person. */
  bestThreshold: number;
  /** Balanced accuracy (mean of same-pair and different-pair hit rates) at that threshold. */
  accuracyAtBest: number;
  modelVersion: string;
  provider: string;
}

interface Pair {
  x: string;
  y: string;
  same: boolean;
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.heic', '.avif']);

export async function evalVerify(options: VerifyOptions): Promise<VerifyReport> {
  const models = options.models ?? (await loadFaceModels(options.packDir ?? BUNDLED_PACK_DIR, { threads: 1 }));
  const pairs = options.pairsCsv ? await readPairsCsv(options.pairsCsv) : await allPairs(options.root);
  const files = [...new Set(pairs.flatMap((p) => [p.x, p.y]))];
  const embeddings = new Map<string, Float32Array | null>();
  for (const file of files) {
    const full = path.resolve(options.root, file);
    embeddings.set(file, options.aligned ? await embedAligned(full, models) : await embedLargestFace(full, models));
  }
  const same: number[] = [];
  const different: number[] = [];
  let pairsWithoutFace = 0;
  for (const { x, y, same: isSame } of pairs) {
    const a = embeddings.get(x);
    const b = embeddings.get(y);
    if (!a || !b) pairsWithoutFace++;
    (isSame ? same : different).push(a && b ? cosineSimilarity(a, b) : -1);
  }
  const best = bestThreshold(same, different);
  return {
    images: files.length,
    facesFound: [...embeddings.values()].filter(Boolean).length,
    pairs: { same: same.length, different: different.length },
    pairsWithoutFace,
    rocAuc: rocAuc(same, different),
    bestThreshold: best.threshold,
    accuracyAtBest: best.accuracy,
    modelVersion: models.modelVersion,
    provider: models.provider,
  };
}

async function embedLargestFace(file: string, models: FaceModels): Promise<Float32Array | null> {
  const faces = await detectAndEmbed(await readRawImage(file), { models });
  const largest = faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
  return largest?.embedding ?? null;
}

async function embedAligned(file: string, models: FaceModels): Promise<Float32Array> {
  const { size } = models.recognizer;
  const crop = await sharp(file).rotate().resize(size, size, { fit: 'fill' }).removeAlpha().toColourspace('srgb').raw().toBuffer();
  const [embedding] = await models.recognizer.embed([crop]);
  return embedding!;
}

/** Every same-identity pair and every different-identity pair of a folder of person folders. */
async function allPairs(root: string): Promise<Pair[]> {
  const people = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const images: Array<{ file: string; person: string }> = [];
  for (const person of people) {
    for (const name of (await readdir(path.join(root, person))).sort()) {
      if (IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())) images.push({ file: path.join(person, name), person });
    }
  }
  if (people.length < 2 || images.length < 3) throw new Error(`${root}: needs person folders (two or more) holding images`);
  const pairs: Pair[] = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      pairs.push({ x: images[i]!.file, y: images[j]!.file, same: images[i]!.person === images[j]!.person });
    }
  }
  return pairs;
}

async function readPairsCsv(csvPath: string): Promise<Pair[]> {
  const lines = (await readFile(csvPath, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${csvPath}: missing column ${name} (needs file_x, file_y, Decision)`);
    return i;
  };
  const [xi, yi, di] = [col('file_x'), col('file_y'), col('decision')];
  return lines.map((line, n) => {
    const cells = line.split(',').map((c) => c.trim());
    const decision = cells[di]?.toLowerCase();
    if (decision !== 'yes' && decision !== 'no') throw new Error(`${csvPath}: line ${n + 2}: Decision must be Yes or No`);
    return { x: cells[xi]!, y: cells[yi]!, same: decision === 'yes' };
  });
}
