/**
 * Labelled evaluation images: folders of person folders listed as (file, identity), and the
 * largest face of each image embedded once, through the on-disk embedding cache, so that every
 * evaluation (verification, clustering, threshold sweeps) after the first costs no network run.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { FaceModels } from '../faces';
import { BUNDLED_PACK_DIR, detectAndEmbed, loadFaceModels } from '../faces';
import type { Point } from '../image';
import { readRawImage } from '../image';
import { faceQuality } from '../quality';
import type { CachedFace } from './embedding-cache';
import { EmbeddingCache } from './embedding-cache';

export const DEFAULT_EMBEDDING_CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../.cache/face-embeddings');

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.heic', '.avif']);

export interface EmbedOptions {
  /** Images are already aligned face crops: resize to the recognizer's input and embed directly. */
  aligned?: boolean;
  /** Loaded models; otherwise the pack in `packDir` (default: the bundled pack) is loaded, on one thread, at the first cache miss. */
  models?: FaceModels;
  packDir?: string;
  /** Where embeddings are cached; null turns the cache off. Default: .cache/face-embeddings in the repo. */
  cacheDir?: string | null;
}

export interface LabelledImage {
  file: string;
  identity: string;
}

export interface LabelledFace extends LabelledImage {
  /** 1..n in the order of the hashed file list (see embedLabelledFaces). */
  id: number;
  embedding: Float32Array;
  quality: number;
}

/**
 * The images of one or several folders of person folders, absolute paths. With several folders,
 * identities are prefixed with the folder's name, so two sets are one evaluation whose
 * different-person pairs include pairs across the sets.
 */
export async function listLabelledImages(roots: string | readonly string[]): Promise<LabelledImage[]> {
  const all = typeof roots === 'string' ? [roots] : roots;
  if (all.length === 0) throw new Error('needs at least one folder of person folders');
  return (await Promise.all(all.map((root) => listPersonImages(path.resolve(root), all.length > 1)))).flat();
}

async function listPersonImages(root: string, prefix: boolean): Promise<LabelledImage[]> {
  let people: string[];
  try {
    people = (await readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch (error) {
    throw new Error(`${root}: could not be read as a folder of person folders: ${(error as Error).message}`);
  }
  const images: LabelledImage[] = [];
  for (const person of people) {
    for (const name of (await readdir(path.join(root, person))).sort()) {
      if (!IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())) continue;
      images.push({ file: path.join(root, person, name), identity: prefix ? `${path.basename(root)}/${person}` : person });
    }
  }
  if (people.length < 2 || images.length < 3) throw new Error(`${root}: needs person folders (two or more) holding images`);
  return images;
}

/**
 * The largest face of every image under the person folders, with ids 1..n. Faces are ordered by a
 * hash of their file name, not by person, so order-dependent methods (the baseline) do not see the
 * people one after another.
 */
export async function embedLabelledFaces(
  options: EmbedOptions & { root: string | readonly string[] },
): Promise<{ faces: LabelledFace[]; images: number; noFace: string[]; modelVersion: string }> {
  const images = await listLabelledImages(options.root);
  images.sort((a, b) => hashOf(a.file).localeCompare(hashOf(b.file)));
  const { embeddings, modelVersion } = await embedImages(
    images.map((i) => i.file),
    options,
  );
  const faces: LabelledFace[] = [];
  const noFace: string[] = [];
  for (const image of images) {
    const face = embeddings.get(image.file);
    if (face) faces.push({ id: faces.length + 1, ...image, ...face });
    else noFace.push(image.file);
  }
  return { faces, images: images.length, noFace, modelVersion };
}

/** Each file's largest face (null: none found), from the cache when it has it. */
export async function embedImages(
  files: readonly string[],
  options: EmbedOptions,
): Promise<{ embeddings: Map<string, CachedFace | null>; modelVersion: string }> {
  let models = options.models;
  const packDir = options.packDir ?? BUNDLED_PACK_DIR;
  const modelsOnce = async () => (models ??= await loadFaceModels(packDir, { threads: 1 }));
  const modelVersion = options.models?.modelVersion ?? (await modelVersionOf(packDir));
  const cacheDir = options.cacheDir === undefined ? DEFAULT_EMBEDDING_CACHE_DIR : options.cacheDir;
  const cache = cacheDir === null ? null : new EmbeddingCache(cacheDir, modelVersion);
  const mode = options.aligned ? 'aligned' : 'largest-face';

  const embeddings = new Map<string, CachedFace | null>();
  try {
    for (const file of new Set(files)) {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new Error(`${file}: could not be read: ${(error as Error).message}`);
      }
      const key = EmbeddingCache.key(bytes, mode);
      let face = cache?.get(key);
      if (face === undefined) {
        const m = await modelsOnce();
        face = options.aligned ? await embedAligned(file, m) : await embedLargestFace(file, m);
        cache?.set(key, face);
      }
      embeddings.set(file, face);
    }
  } finally {
    cache?.save();
  }
  return { embeddings, modelVersion };
}

function hashOf(text: string): string {
  return createHash('sha1').update(path.basename(text)).digest('hex');
}

async function modelVersionOf(packDir: string): Promise<string> {
  // Same string loadFaceModels derives, without opening the sessions when every embedding is cached.
  const manifest = JSON.parse(await readFile(path.join(packDir, 'manifest.json'), 'utf8')) as { name: string; version: string };
  return `${manifest.name}-v${manifest.version}`;
}

async function embedLargestFace(file: string, models: FaceModels): Promise<CachedFace | null> {
  const faces = await detectAndEmbed(await readRawImage(file), { models });
  const largest = faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
  return largest ? { embedding: largest.embedding, quality: largest.quality } : null;
}

async function embedAligned(file: string, models: FaceModels): Promise<CachedFace> {
  const { size } = models.recognizer;
  let crop: Buffer;
  try {
    crop = await sharp(file).rotate().resize(size, size, { fit: 'fill' }).removeAlpha().toColourspace('srgb').raw().toBuffer();
  } catch (error) {
    throw new Error(`${file}: could not be decoded: ${(error as Error).message}`);
  }
  const [embedding] = await models.recognizer.embed([crop]);
  // An aligned crop fills the frame and sits on the template: only its sharpness is unknown.
  const template = models.manifest.recognizer.preprocessing.alignment.template as Point[];
  return { embedding: embedding!, quality: faceQuality(size, template, crop, size).quality };
}
