/**
 * The face pipeline's entry points: load a model pack once per worker, then find, align, score and
 * embed every face of a decoded photo.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelManifest } from '../../shared/model-manifest';
import { DEFAULT_FACE_PACK, MODEL_MANIFEST_FILE, parseModelManifest } from '../../shared/model-manifest';
import type { DetectOptions, DetectorModel } from './detector';
import { detectFaces, onnxDetector } from './detector';
import { closeRangeOf, type CloseRange } from './face-detection';
import type { Box, Point, RawImage } from './image';
import { faceQuality } from './quality';
import type { Recognizer } from './recognizer';
import { onnxRecognizer } from './recognizer';
import { openSession } from './session';

/** The pack shipped in resources/models (resolved from the source tree; packaged apps pass their own path). */
export const BUNDLED_PACK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/models', DEFAULT_FACE_PACK);

export interface FaceModels {
  manifest: ModelManifest;
  detectors: DetectorModel[];
  /** Where large faces come from (manifest `closeRange`); null when the pack has none. */
  closeRange: CloseRange | null;
  recognizer: Recognizer;
  /** Execution provider(s) in use, e.g. 'cpu' or 'cuda' ('cuda+cpu' if models landed on different ones). */
  provider: string;
  /** Stored with every embedding: embeddings from different versions are not comparable. */
  modelVersion: string;
}

export interface LoadOptions {
  /** Intra-op threads per session; workers x threads ~= cores. */
  threads: number;
  /** Execution providers to try in order (default: the platform's preference, then 'cpu'). */
  providers?: readonly string[];
}

/** Reads `packDir/manifest.json`, checks every model file's size and sha256, and opens the sessions. */
export async function loadFaceModels(packDir: string, options: LoadOptions): Promise<FaceModels> {
  const manifestPath = path.join(packDir, MODEL_MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`face model manifest ${manifestPath} could not be read: ${(error as Error).message}`);
  }
  const manifest = parseModelManifest(json, manifestPath);
  const open = async (model: { file: string; sha256: string; bytes: number }) => {
    const file = path.join(packDir, model.file);
    await verifyModelFile(file, model.sha256, model.bytes);
    return openSession(file, options);
  };
  const detectorSessions = await Promise.all(manifest.detectors.map(open));
  const recognizerSession = await open(manifest.recognizer);
  const keypointNames = manifest.detectors.map((d) => d.decoding.keypoints);
  const providers = new Set([...detectorSessions, recognizerSession].map((s) => s.provider));
  const detectors = manifest.detectors.map((spec, i) => onnxDetector(spec, detectorSessions[i]!.session, detectorSessions[i]!.provider));
  return {
    manifest,
    detectors,
    closeRange: closeRangeOf(manifest, detectors),
    // Every detector provides the alignment landmarks (the manifest schema checks it); the first's order is used.
    recognizer: onnxRecognizer(manifest.recognizer, recognizerSession.session, recognizerSession.provider, keypointNames[0]!),
    provider: [...providers].join('+'),
    modelVersion: `${manifest.name}-v${manifest.version}`,
  };
}

async function verifyModelFile(file: string, sha256: string, bytes: number): Promise<void> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw new Error(`face model file ${file} could not be read: ${(error as Error).message}`);
  }
  if (data.length !== bytes) throw new Error(`face model file ${file} is ${data.length} bytes; the manifest says ${bytes}`);
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== sha256) throw new Error(`face model file ${file} does not match its manifest sha256 (damaged or replaced)`);
}

/** A square, face-centred crop of the photo for a face thumbnail (integer pixels, inside the photo). */
export interface FaceThumbnail {
  left: number;
  top: number;
  size: number;
}

export interface FaceResult {
  box: Box;
  /** Subject's right eye, left eye, nose tip, mouth centre, right ear, left ear (the detector's order). */
  keypoints: Point[];
  score: number;
  quality: number;
  embedding: Float32Array;
  thumbnail: FaceThumbnail;
}

/** Runs `work` as the named step (the indexer times its stages with it). */
export type TimeStep = <T>(step: string, work: () => Promise<T>) => Promise<T>;

export interface DetectAndEmbedOptions extends DetectOptions {
  models: FaceModels;
  timeStep?: TimeStep;
}

/** Thumbnail side as a multiple of the face box: room for hair and chin. */
const THUMBNAIL_MARGIN = 1.6;

export async function detectAndEmbed(image: RawImage, { models, timeStep, ...detectOptions }: DetectAndEmbedOptions): Promise<FaceResult[]> {
  const time: TimeStep = timeStep ?? ((_, work) => work());
  const detections = await time('face detection', () => detectFaces(image, models.detectors, { closeRange: models.closeRange, ...detectOptions }));
  const { crops, embeddings } = await time('face align + embed', async () => {
    const aligned = detections.map((d) => models.recognizer.align(image, d.keypoints));
    return { crops: aligned, embeddings: await models.recognizer.embed(aligned) };
  });
  return detections.map((d, i) => ({
    box: { x: d.x, y: d.y, width: d.width, height: d.height },
    keypoints: d.keypoints,
    score: d.score,
    quality: faceQuality(d.width, d.keypoints, crops[i]!, models.recognizer.size).quality,
    embedding: embeddings[i]!,
    thumbnail: thumbnailFor(d, image.width, image.height),
  }));
}

export function thumbnailFor(box: Box, width: number, height: number): FaceThumbnail {
  const size = Math.max(1, Math.min(Math.round(Math.max(box.width, box.height) * THUMBNAIL_MARGIN), width, height));
  const clamp = (v: number, max: number) => Math.min(Math.max(0, Math.round(v)), max);
  return {
    left: clamp(box.x + box.width / 2 - size / 2, width - size),
    top: clamp(box.y + box.height / 2 - size / 2, height - size),
    size,
  };
}
