/**
 * The worker's face step: models loaded once per worker thread, faces found in the photo's one
 * full-resolution decode, each stored with a face thumbnail cropped from that same buffer.
 */
import type { FaceModels } from '../ml/faces';
import { detectAndEmbed, loadFaceModels, thumbnailFor } from '../ml/faces';
import type { RawImage } from '../ml/image';
import { faceQuality } from '../ml/quality';
import type { DecodedImage } from './decode';
import { faceModelRef } from './face-pack';
import { storeFaceThumb } from './face-thumbnails';
import { timeStage, type StageTimes } from './stage-times';
import type { FaceConfig } from './task';
import { PipelineError } from './types';
import { FACE_MODELS_FAILED, type FacePoint, type FaceScan, type FoundFace, type KnownFace, type Reembedded, type StoredFace } from '../domain/indexed-file';
import { errorMessage } from '../../shared/error-message';

const loaded = new Map<string, Promise<FaceModels>>();

/**
 * Narrower detections are not stored: the recognizer has nothing to work with below this width
 * (the quality size cue is 0 there), and on tiny or noisy images they are texture, not faces.
 */
const MIN_FACE_WIDTH = 16;

/** One set of sessions per pack per worker; a pack that fails to load keeps its reason (no retry per photo). */
function faceModels(config: FaceConfig): Promise<FaceModels> {
  let models = loaded.get(config.packDir);
  if (!models) {
    models = loadFaceModels(config.packDir, { threads: config.threads });
    loaded.set(config.packDir, models);
  }
  return models;
}

/**
 * Pixels of the decoded image -> pixels of the photo as the catalog records it. They differ only
 * for camera RAW, whose embedded preview is smaller than the sensor.
 */
class PhotoFrame {
  readonly sx: number;
  readonly sy: number;

  constructor(image: DecodedImage, rawSize: [number, number] | null) {
    this.sx = rawSize ? rawSize[0] / image.width : 1;
    this.sy = rawSize ? rawSize[1] / image.height : 1;
  }

  toPhoto([x, y]: FacePoint): FacePoint {
    return [x * this.sx, y * this.sy];
  }

  toImage([x, y]: FacePoint): FacePoint {
    return [x / this.sx, y / this.sy];
  }
}

export function rawImageOf(image: DecodedImage): RawImage {
  return { data: image.pixels, width: image.width, height: image.height, channels: 3 };
}

/** Why the pack cannot be used in this worker, or null when its models are loaded. */
export async function faceModelsProblem(config: FaceConfig): Promise<string | null> {
  return faceModels(config).then(
    () => null,
    (error: unknown) => modelsFailed(error),
  );
}

function modelsFailed(error: unknown): string {
  return `${FACE_MODELS_FAILED}: ${message(error)}`;
}

/** Every face of the photo; problems with the models or a face come back as state 'error'. */
export async function findFaces(
  image: DecodedImage,
  sha256: string,
  derivativesDir: string,
  config: FaceConfig,
  rawSize: [number, number] | null,
  /** Names the first face's thumbnail (a video's frames after the first continue the count). */
  firstIndex = 0,
  /** Where detection, embedding and the thumbnails add their time. */
  times: StageTimes = {},
): Promise<FaceScan> {
  let models: FaceModels;
  try {
    models = await faceModels(config);
  } catch (error) {
    return { state: 'error', reason: modelsFailed(error) };
  }
  const raw = rawImageOf(image);
  const frame = new PhotoFrame(image, rawSize);
  const dim = models.manifest.recognizer.embeddingDim;
  try {
    const timeStep = <T>(step: string, work: () => Promise<T>) => timeStage(times, step, work);
    const results = (await detectAndEmbed(raw, { models, search: config.search, timeStep })).filter((face) => face.box.width >= MIN_FACE_WIDTH);
    const faces: FoundFace[] = [];
    for (const [i, face] of results.entries()) {
      assertUsableEmbedding(face.embedding, dim);
      const [x, y] = frame.toPhoto([face.box.x, face.box.y]);
      const [right, bottom] = frame.toPhoto([face.box.x + face.box.width, face.box.y + face.box.height]);
      faces.push({
        box: { x, y, width: right - x, height: bottom - y },
        keypoints: face.keypoints.map((p) => frame.toPhoto(p)),
        score: face.score,
        quality: face.quality,
        embedding: face.embedding,
        thumb: await timeStage(times, 'face thumbnails', () => storeFaceThumb(derivativesDir, sha256, firstIndex + i, raw, face.thumbnail)),
      });
    }
    return { state: 'done', faces, model: faceModelRef(models.manifest), provider: models.provider };
  } catch (error) {
    return { state: 'error', reason: `face detection failed: ${message(error)}` };
  }
}

/** The content's faces are stored already (from a sync): only their thumbnails come from this decode. */
export async function thumbStoredFaces(
  image: DecodedImage,
  sha256: string,
  derivativesDir: string,
  stored: readonly StoredFace[],
  rawSize: [number, number] | null,
): Promise<FaceScan> {
  const raw = rawImageOf(image);
  const frame = new PhotoFrame(image, rawSize);
  try {
    const thumbs = [];
    for (const face of stored) {
      const [x, y] = frame.toImage([face.box.x, face.box.y]);
      const [right, bottom] = frame.toImage([face.box.x + face.box.width, face.box.y + face.box.height]);
      const crop = thumbnailFor({ x, y, width: right - x, height: bottom - y }, raw.width, raw.height);
      thumbs.push({ faceId: face.id, index: face.index, thumb: await storeFaceThumb(derivativesDir, sha256, face.index, raw, crop) });
    }
    return { state: 'stored', thumbs };
  } catch (error) {
    return { state: 'error', reason: `face thumbnails failed: ${message(error)}` };
  }
}

/** Embeds faces found earlier with the current recognizer, aligned from the decoded photo. */
export async function embedKnownFaces(
  image: DecodedImage,
  known: readonly KnownFace[],
  config: FaceConfig,
  rawSize: [number, number] | null,
  path: string,
): Promise<Reembedded> {
  let models: FaceModels;
  try {
    models = await faceModels(config);
  } catch (error) {
    throw new PipelineError('faces', path, modelsFailed(error));
  }
  const raw = rawImageOf(image);
  const frame = new PhotoFrame(image, rawSize);
  const { recognizer } = models;
  const keypoints = known.map((face) => face.keypoints.map((p) => frame.toImage(p)));
  const crops = keypoints.map((points) => recognizer.align(raw, points));
  let embeddings: Float32Array[];
  try {
    embeddings = await recognizer.embed(crops);
    for (const embedding of embeddings) assertUsableEmbedding(embedding, recognizer.embeddingDim);
  } catch (error) {
    throw new PipelineError('faces', path, `face embedding failed: ${message(error)}`);
  }
  return {
    embeddings,
    qualities: known.map((face, i) => faceQuality(face.box.width / frame.sx, keypoints[i]!, crops[i]!, recognizer.size).quality),
    model: faceModelRef(models.manifest),
    provider: models.provider,
  };
}

/** A vector that is not unit length (NaN from a broken model, wrong size) would poison every search. */
function assertUsableEmbedding(embedding: Float32Array, dim: number): void {
  if (embedding.length !== dim) throw new Error(`recognizer returned ${embedding.length} values instead of ${dim}`);
  let norm = 0;
  for (const v of embedding) norm += v * v;
  if (!Number.isFinite(norm) || Math.abs(norm - 1) > 1e-3) throw new Error('recognizer returned an embedding that is not a unit vector');
}

function message(error: unknown): string {
  return errorMessage(error);
}
