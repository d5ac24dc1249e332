/**
 * `facet eval cluster`: cluster the faces of folders of person folders with the shipped method and
 * the Immich-style baseline, and score both against the folder names.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { FaceModels } from '../../ml/faces';
import { BUNDLED_PACK_DIR, detectAndEmbed, loadFaceModels } from '../../ml/faces';
import type { Point } from '../../ml/image';
import { readRawImage } from '../../ml/image';
import { faceQuality } from '../../ml/quality';
import type { ClusterOptions } from '../cluster';
import { clusterDefaults, clusterFaces } from '../cluster';
import type { ImmichDbscanOptions } from '../immich-dbscan';
import { clusterFacesImmich, faceresBaselineDistance, immichDefaults } from '../immich-dbscan';
import { exactNeighbours } from '../neighbours';
import type { Assignments, ClusterFace } from '../types';
import type { CachedFace } from './embedding-cache';
import { EmbeddingCache } from './embedding-cache';
import type { ClusteringScores } from './metrics';
import { scoreClustering } from './metrics';

export const DEFAULT_EMBEDDING_CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../.cache/face-embeddings');

export interface ClusterEvalOptions {
  /** A folder of person folders, or several (identities are then prefixed with the folder's name). */
  root: string | readonly string[];
  /** Images are already aligned face crops: resize to the recognizer's input and embed directly. */
  aligned?: boolean;
  models?: FaceModels;
  packDir?: string;
  /** Where embeddings are cached; null turns the cache off. */
  cacheDir?: string | null;
  shipped?: Partial<Omit<ClusterOptions, 'neighbours'>>;
  baseline?: Partial<Omit<ImmichDbscanOptions, 'neighbours'>>;
}

export interface MethodReport extends ClusteringScores {
  options: Record<string, number>;
}

export interface ClusterEvalReport {
  images: number;
  /** Images where a face was found (their largest face is clustered). */
  faces: number;
  /** Images where no face was found: left out of the scores. */
  noFace: string[];
  identities: number;
  modelVersion: string;
  methods: { shipped: MethodReport; baseline: MethodReport };
}

export interface LabelledFace extends ClusterFace {
  identity: string;
  file: string;
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.heic', '.avif']);

export async function evalCluster(options: ClusterEvalOptions): Promise<ClusterEvalReport> {
  const { faces, images, noFace, modelVersion } = await embedLabelledFaces(options);
  const identities = new Set(faces.map((f) => f.identity)).size;
  const neighbours = exactNeighbours(faces);
  const shippedOptions = { ...clusterDefaults, ...options.shipped };
  const baselineOptions = { ...immichDefaults, maxDistance: faceresBaselineDistance, ...options.baseline };
  return {
    images,
    faces: faces.length,
    noFace,
    identities,
    modelVersion,
    methods: {
      shipped: { ...score(faces, clusterFaces(faces, { ...shippedOptions, neighbours })), options: shippedOptions },
      baseline: { ...score(faces, clusterFacesImmich(faces, { ...baselineOptions, neighbours })), options: baselineOptions },
    },
  };
}

export function score(faces: readonly LabelledFace[], assignments: Assignments): ClusteringScores {
  return scoreClustering(faces.map((f) => ({ identity: f.identity, cluster: assignments.get(f.id) ?? null })));
}

/**
 * The largest face of every image under the person folders, with ids 1..n. Faces are ordered by a
 * hash of their path, not by person, so order-dependent methods (the baseline) do not see the
 * people one after another.
 */
export async function embedLabelledFaces(
  options: Pick<ClusterEvalOptions, 'root' | 'aligned' | 'models' | 'packDir' | 'cacheDir'>,
): Promise<{ faces: LabelledFace[]; images: number; noFace: string[]; modelVersion: string }> {
  const roots = typeof options.root === 'string' ? [options.root] : options.root;
  const files = (await Promise.all(roots.map((root) => listPersonImages(root, roots.length > 1)))).flat();
  files.sort((a, b) => hashOf(a.file).localeCompare(hashOf(b.file)));

  let models = options.models;
  const modelsOnce = async () => (models ??= await loadFaceModels(options.packDir ?? BUNDLED_PACK_DIR, { threads: 1 }));
  const modelVersion = options.models?.modelVersion ?? (await modelVersionOf(options.packDir ?? BUNDLED_PACK_DIR));
  const cacheDir = options.cacheDir === undefined ? DEFAULT_EMBEDDING_CACHE_DIR : options.cacheDir;
  const cache = cacheDir === null ? null : new EmbeddingCache(cacheDir, modelVersion);
  const mode = options.aligned ? 'aligned' : 'largest-face';

  const faces: LabelledFace[] = [];
  const noFace: string[] = [];
  try {
    for (const { file, identity } of files) {
      const key = EmbeddingCache.key(await readFile(file), mode);
      let face = cache?.get(key);
      if (face === undefined) {
        const m = await modelsOnce();
        face = options.aligned ? await embedAligned(file, m) : await embedLargestFace(file, m);
        cache?.set(key, face);
      }
      if (face) faces.push({ id: faces.length + 1, identity, file, ...face });
      else noFace.push(file);
    }
  } finally {
    cache?.save();
  }
  return { faces, images: files.length, noFace, modelVersion };
}

async function listPersonImages(root: string, prefix: boolean): Promise<Array<{ file: string; identity: string }>> {
  let people: string[];
  try {
    people = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch (error) {
    throw new Error(`${root}: could not be read as a folder of person folders: ${(error as Error).message}`);
  }
  const images: Array<{ file: string; identity: string }> = [];
  for (const person of people) {
    for (const name of (await readdir(path.join(root, person))).sort()) {
      if (!IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())) continue;
      images.push({ file: path.join(root, person, name), identity: prefix ? `${path.basename(root)}/${person}` : person });
    }
  }
  if (people.length < 2 || images.length < 3) throw new Error(`${root}: needs person folders (two or more) holding images`);
  return images;
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
