import type { MessagePort } from 'node:worker_threads';
import sharp from 'sharp';
import { PipelineError } from './types';
import { type FaceScan, type Reembedded, type StoredFace } from '../domain/indexed-file';
import {
  facesNotEnabled,
  type FaceConfig,
  type FaceTask,
  type ReembedTask,
  type RenderTask,
  type WorkerFacts,
  type WorkerOutcome,
  type WorkerResult,
  type WorkerTask,
} from './task';
import { hashOriginal } from './hash';
import { decodeImage, shrinkToWorking, type DecodedImage, type DecodeResolution } from './decode';
import { readStoredDerivatives, storeDerivatives, derivativePaths, type ContentFacts } from './derivatives';
import { describeFsError } from './original-file';
import { embedKnownFaces, faceModelsProblem, findFaces, thumbStoredFaces } from './faces';
import { timeStage, type StageTimes } from './stage-times';
import { findVideoFacesAgain, indexVideo, reembedVideoFaces, renderVideoPosterAgain } from '../video/index-video';
import { errorMessage } from '../../shared/error-message';

// Parallelism comes from the pool's threads; a libvips thread pool per worker would oversubscribe the cores.
sharp.concurrency(1);
sharp.cache(false);

/** Piscina entry: one file in, plain facts (or a stage and reason) out. */
export default async function processFile(task: WorkerTask): Promise<WorkerOutcome> {
  try {
    return { ok: true, facts: await processOriginal(task) };
  } catch (error) {
    return { ok: false, ...failure(error) };
  }
}

/** Piscina entry (name 'findFacesAgain'): the faces of an indexed photo, decoded once more. */
export async function findFacesAgain(task: FaceTask): Promise<WorkerResult<FaceScan>> {
  return settle(async (): Promise<FaceScan> => {
    // A pack that cannot load fails every photo alike: say so without reading the photo.
    const problem = await faceModelsProblem(task.faces);
    if (problem !== null) return { state: 'error', reason: problem };
    if (task.route === 'video') return findVideoFacesAgain(task);
    return facesOf(task, task.faces, await decodeIndexed(task), task.sha256);
  });
}

/** Piscina entry (name 'reembedFaces'): new embeddings for a photo's known faces. */
export async function reembedFaces(task: ReembedTask): Promise<WorkerResult<Reembedded>> {
  if (task.route === 'video') return settle(() => reembedVideoFaces(task));
  return settle(async () => embedKnownFaces(await decodeIndexed(task), task.known, task.faces, task.rawSize, task.file.path));
}

/** Piscina entry (name 'renderDerivativesAgain'): an indexed photo's thumbnail and preview made again (an evicted preview). */
export async function renderDerivativesAgain(task: RenderTask): Promise<WorkerResult<null>> {
  return settle(async () => {
    if (task.route === 'video') await renderVideoPosterAgain(task);
    else await renderDerivatives(task, task.sha256, await decodeIndexed(task, 'working'), {});
    return null;
  });
}

async function processOriginal(task: WorkerTask): Promise<WorkerFacts> {
  const times: StageTimes = {};
  const decodesOriginal = task.route === 'sharp' || task.route === 'heif';
  const { sha256, bytes } = await timeStage(times, 'read + SHA-256', () => hashOriginal(task.file, decodesOriginal));
  if (task.route === 'video') return indexVideo(task, sha256, times);

  // Content decoded before: its faces are known by content hash (or found later by the library).
  const stored = await readStoredDerivatives(task.derivativesDir, sha256);
  if (stored) return imageFacts(task, sha256, stored, true, null, times);

  if (task.faces === null) {
    const working = await timeStage(times, 'decode', () => decodeImage(task, bytes, 'working'));
    const facts = await renderDerivatives(task, sha256, working, times);
    return imageFacts(task, sha256, facts, false, null, times);
  }
  // Detection needs every pixel for small faces; the derivatives come from the same decode.
  const full = await timeStage(times, 'decode', () => decodeImage(task, bytes, 'full'));
  const working = await timeStage(times, 'shrink to working size', () => shrinkToWorking(full));
  const facts = await renderDerivatives(task, sha256, working, times);
  const faces = await facesOf(task, task.faces!, full, sha256, times);
  return imageFacts(task, sha256, facts, false, faces, times);
}

/** Faces the catalog holds already (shared by a sync) only need thumbnails; others are detected. */
async function facesOf(task: WorkerTask, config: FaceConfig, image: DecodedImage, sha256: string, times: StageTimes = {}): Promise<FaceScan> {
  const stored = await timeStage(times, 'faces stored already?', () => storedFacesOf(task.storedFaces, sha256));
  if (stored.length > 0) return timeStage(times, 'face thumbnails', () => thumbStoredFaces(image, sha256, task.derivativesDir, stored, task.rawSize));
  return findFaces(image, sha256, task.derivativesDir, config, task.rawSize, 0, times);
}

function storedFacesOf(port: MessagePort | null, sha256: string): Promise<StoredFace[]> {
  if (port === null) return Promise.resolve([]);
  return new Promise((resolve) => {
    port.once('message', resolve);
    port.once('close', () => resolve([]));
    port.postMessage(sha256);
  });
}

async function renderDerivatives(task: WorkerTask, sha256: string, image: DecodedImage, times: StageTimes): Promise<ContentFacts> {
  return storeDerivatives(task.derivativesDir, sha256, image, times).catch((error: unknown) => {
    throw new PipelineError('thumbnail', task.file.path, `could not write thumbnail: ${describeFsError(error)}`);
  });
}

/** Reads and decodes an indexed photo in full, refusing it if its content is no longer what was indexed. */
async function decodeIndexed(task: RenderTask, size: DecodeResolution = 'full'): Promise<DecodedImage> {
  const { sha256, bytes } = await hashOriginal(task.file, task.route === 'sharp' || task.route === 'heif');
  if (sha256 !== task.sha256) throw new PipelineError('read', task.file.path, 'file content changed since it was indexed');
  return decodeImage(task, bytes, size);
}

function imageFacts(task: WorkerTask, sha256: string, facts: ContentFacts, reused: boolean, faces: FaceScan | null, stageMs: StageTimes): WorkerFacts {
  const { thumb, preview } = derivativePaths(task.derivativesDir, sha256);
  return {
    sha256,
    width: facts.width,
    height: facts.height,
    dhash: facts.dhash,
    derivatives: { thumb, preview },
    facesSkippedReason: task.faces === null ? facesNotEnabled : null,
    faces,
    reusedDerivatives: reused,
    stageMs,
  };
}

async function settle<T>(work: () => Promise<T>): Promise<WorkerResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, ...failure(error) };
  }
}

/** Errors cross threads as plain data: structured clone would drop PipelineError's stage. */
function failure(error: unknown): { stage: string; reason: string } {
  if (error instanceof PipelineError) return { stage: error.stage, reason: error.message };
  return { stage: 'internal', reason: errorMessage(error) };
}
