import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { threadsPerWorker } from '../ml/session';
import { PipelineError, type Pipeline, type PipelineOptions } from './types';
import { type FaceScan, type FileToProcess, type KnownFace, type ProcessedFile, type Reembedded, type StoredFace } from '../domain/indexed-file';
import {
  faceRecognitionOff,
  facesNotEnabled,
  type FaceConfig,
  type FaceTask,
  type RenderTask,
  type WorkerOutcome,
  type WorkerResult,
  type WorkerTask,
} from './task';
import { detectContentType, type DetectedType } from './content-type';
import { extractEmbeddedPreview, openExifTool, readMetadata, type MetadataFacts } from './metadata';
import { workerLocation } from '../worker-location';
import { Slots } from './slots';
import { addStageTimes, indexingStageTimes, timeStage } from './stage-times';
import { withVideoFacts } from '../video/metadata';
import { errorMessage } from '../../shared/error-message';
import { log } from '../log';

export { PipelineError } from './types';
export type { Pipeline, PipelineOptions } from './types';
export type { FaceModelRef, FaceScan, FileToProcess, FoundFace, KnownFace, ProcessedFile } from '../domain/indexed-file';
export { defaultModelsDir, facePackDir, readFaceModelRef } from './face-pack';
export { hammingDistance } from './dhash';
export { derivativePaths } from './derivatives';

export const DEFAULT_MAX_PIXELS = 100_000_000;

export const pipelineWorker = { source: 'worker.ts', bundled: 'pipeline-worker.js' };

/**
 * Starts the worker pool (sized to the cores) and the one exiftool process. Callers may keep up
 * to `capacity` files in flight; more simply wait for a slot, so memory stays bounded either way.
 */
export async function createPipeline(options: PipelineOptions): Promise<Pipeline> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const capacity = threads * 2;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const faces: Omit<FaceConfig, 'search'> | null = options.facePackDir ? { packDir: options.facePackDir, threads: threadsPerWorker(threads) } : null;
  // Read per task: the library's "find very small faces" setting may change while indexing runs, and so may face recognition.
  const faceConfig = (): FaceConfig | null => (faces && (options.facesEnabled?.() ?? true) ? { ...faces, search: options.faceSearch?.() ?? 'default' } : null);
  await mkdir(options.derivativesDir, { recursive: true });

  const { filename, execArgv } = workerLocation(import.meta.url, pipelineWorker);
  const pool = new Piscina<WorkerTask, unknown>({
    filename,
    execArgv,
    minThreads: threads,
    maxThreads: threads,
    maxQueue: capacity,
  });
  const exiftool = openExifTool(threads);
  const slots = new Slots(capacity);
  let closed = false;

  /** The worker task for a file of this type; for camera RAW, with what exiftool pulls out of it. */
  async function taskFor(file: FileToProcess, type: DetectedType, metadata: Promise<Settled<MetadataFacts>> | null): Promise<WorkerTask> {
    let embeddedPreview: Buffer | null = null;
    let rawOrientation: number | null = null;
    let rawSize: [number, number] | null = null;
    if (type.route === 'raw-preview') {
      const read = metadata ? (await metadata).value : undefined;
      rawOrientation = read?.metadata.orientation ?? null;
      rawSize = read?.width && read.height ? [read.width, read.height] : null;
      embeddedPreview = await extractEmbeddedPreview(exiftool, file.path).catch((error: unknown) => {
        throw new PipelineError('metadata', file.path, `could not extract the RAW preview: ${errorText(error)}`);
      });
    }
    return {
      file,
      contentType: type.contentType,
      mediaType: type.mediaType,
      route: type.route,
      embeddedPreview,
      rawOrientation,
      rawSize,
      derivativesDir: options.derivativesDir,
      maxPixels,
      faces: faceConfig(),
      storedFaces: null,
    };
  }

  async function runInWorker<T>(file: FileToProcess, task: WorkerTask, name: string): Promise<T> {
    // Only the worker learns the content's hash: it asks for the content's stored faces over this port.
    const lookup = task.faces && options.storedFaces ? options.storedFaces : null;
    const channel = lookup ? new MessageChannel() : null;
    channel?.port1.on('message', (sha256: string) => {
      let faces: StoredFace[] = [];
      try {
        faces = lookup!(sha256);
      } catch (error) {
        // Faces are then simply detected again.
        log.warn(`cannot read the stored faces of ${sha256}`, error);
      }
      channel.port1.postMessage(faces);
    });
    try {
      const run = channel ? pool.run({ ...task, storedFaces: channel.port2 }, { name, transferList: [channel.port2] }) : pool.run(task, { name });
      return (await run.catch((error: unknown) => {
        throw new PipelineError('internal', file.path, `the indexing worker failed: ${errorText(error)}`);
      })) as T;
    } finally {
      channel?.port1.close();
    }
  }

  async function processOne(file: FileToProcess): Promise<ProcessedFile> {
    const type = await timeStage(indexingStageTimes, 'content type', () => detectContentType(file));
    const metadata = settle(timeStage(indexingStageTimes, 'exiftool (beside the worker)', () => readMetadata(exiftool, file.path)));
    const task = await taskFor(file, type, metadata);
    const outcome = await runInWorker<WorkerOutcome>(file, task, 'default');
    if (!outcome.ok) throw new PipelineError(outcome.stage, file.path, outcome.reason);
    addStageTimes(indexingStageTimes, outcome.facts.stageMs);
    const read = await metadata;
    if (!read.value) throw new PipelineError('metadata', file.path, `could not read metadata: ${errorText(read.error)}`);
    // Skipped while a pack is configured: the user's switch, not missing models.
    const facesSkippedReason = outcome.facts.facesSkippedReason !== null && faces !== null ? faceRecognitionOff : outcome.facts.facesSkippedReason;
    return merge(file, type, { ...outcome.facts, facesSkippedReason }, read.value);
  }

  /** Runs a face task on an indexed photo. */
  async function faceWork<T>(file: FileToProcess, sha256: string, name: string, extra: object = {}): Promise<T> {
    const config = faceConfig();
    if (config === null) throw new PipelineError('faces', file.path, facesNotEnabled);
    const type = await detectContentType(file);
    const task = await taskFor(file, type, type.route === 'raw-preview' ? settle(readMetadata(exiftool, file.path)) : null);
    const result = await runInWorker<WorkerResult<T>>(file, { ...task, sha256, faces: config, ...extra } as FaceTask, name);
    if (!result.ok) throw new PipelineError(result.stage, file.path, result.reason);
    return result.value;
  }

  async function renderAgain(file: FileToProcess, sha256: string): Promise<void> {
    const type = await detectContentType(file);
    const task = await taskFor(file, type, type.route === 'raw-preview' ? settle(readMetadata(exiftool, file.path)) : null);
    const render: RenderTask = { ...task, sha256, faces: null };
    const result = await runInWorker<WorkerResult<null>>(file, render, 'renderDerivativesAgain');
    if (!result.ok) throw new PipelineError(result.stage, file.path, result.reason);
  }

  const guarded =
    <A extends unknown[], T>(work: (file: FileToProcess, ...args: A) => Promise<T>) =>
    async (file: FileToProcess, ...args: A): Promise<T> => {
      if (closed) throw new PipelineError('internal', file.path, 'the pipeline is closed');
      return slots.run(() => work(file, ...args));
    };

  return {
    capacity,
    process: guarded(processOne),
    findFaces: guarded((file, sha256: string) => faceWork<FaceScan>(file, sha256, 'findFacesAgain')),
    renderDerivatives: guarded(renderAgain),
    reembedFaces: guarded((file, sha256: string, known: readonly KnownFace[]) => faceWork<Reembedded>(file, sha256, 'reembedFaces', { known })),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([pool.destroy(), exiftool.end()]);
    },
  };
}

function merge(file: FileToProcess, type: DetectedType, facts: Extract<WorkerOutcome, { ok: true }>['facts'], read: MetadataFacts): ProcessedFile {
  // A RAW preview is smaller than the sensor: the container knows best. A video's size is ffprobe's (the worker's).
  const containerKnowsSize = type.route === 'raw-preview' && read.width !== null;
  return {
    path: file.path,
    sizeBytes: file.sizeBytes,
    mtimeMs: file.mtimeMs,
    sha256: facts.sha256,
    contentType: type.contentType,
    mediaType: type.mediaType,
    width: containerKnowsSize ? read.width : facts.width,
    height: containerKnowsSize ? read.height : facts.height,
    metadata: facts.video ? withVideoFacts(read.metadata, facts.video) : read.metadata,
    dhash: facts.dhash,
    derivatives: facts.derivatives,
    facesSkippedReason: facts.facesSkippedReason,
    reusedDerivatives: facts.reusedDerivatives,
    ...(facts.faces ? { faces: facts.faces } : {}),
  };
}

type Settled<T> = { value: T; error?: undefined } | { value?: undefined; error: unknown };

/** Lets metadata run beside the worker without an unhandled rejection if the worker fails first. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function errorText(error: unknown): string {
  return errorMessage(error);
}
