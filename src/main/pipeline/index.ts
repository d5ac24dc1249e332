import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { Piscina } from 'piscina';
import { PipelineError, type FileToProcess, type Pipeline, type PipelineOptions, type ProcessedFile } from './types';
import type { WorkerOutcome, WorkerTask } from './task';
import { detectContentType, type DetectedType } from './content-type';
import { extractEmbeddedPreview, openExifTool, readMetadata, type MetadataFacts } from './metadata';
import { pipelineWorkerLocation } from './worker-location';
import { Slots } from './slots';

export { PipelineError } from './types';
export type { FileToProcess, Pipeline, PipelineOptions, ProcessedFile } from './types';
export { hammingDistance } from './dhash';
export { derivativePaths } from './derivatives';

export const DEFAULT_MAX_PIXELS = 100_000_000;

/**
 * Starts the worker pool (sized to the cores) and the one exiftool process. Callers may keep up
 * to `capacity` files in flight; more simply wait for a slot, so memory stays bounded either way.
 */
export async function createPipeline(options: PipelineOptions): Promise<Pipeline> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const capacity = threads * 2;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  await mkdir(options.derivativesDir, { recursive: true });

  const { filename, execArgv } = pipelineWorkerLocation();
  const pool = new Piscina<WorkerTask, WorkerOutcome>({
    filename,
    execArgv,
    minThreads: threads,
    maxThreads: threads,
    maxQueue: capacity,
  });
  const exiftool = openExifTool(threads);
  const slots = new Slots(capacity);
  let closed = false;

  async function processOne(file: FileToProcess): Promise<ProcessedFile> {
    const type = await detectContentType(file);
    const metadata = settle(readMetadata(exiftool, file.path));
    let embeddedPreview: Buffer | null = null;
    let rawOrientation: number | null = null;
    if (type.route === 'raw-preview') {
      rawOrientation = (await metadata).value?.metadata.orientation ?? null;
      embeddedPreview = await extractEmbeddedPreview(exiftool, file.path).catch((error: unknown) => {
        throw new PipelineError('metadata', file.path, `could not extract the RAW preview: ${errorText(error)}`);
      });
    }
    const task: WorkerTask = {
      file,
      contentType: type.contentType,
      mediaType: type.mediaType,
      route: type.route,
      embeddedPreview,
      rawOrientation,
      derivativesDir: options.derivativesDir,
      maxPixels,
    };
    const outcome = await pool.run(task).catch((error: unknown) => {
      throw new PipelineError('internal', file.path, `the indexing worker failed: ${errorText(error)}`);
    });
    if (!outcome.ok) throw new PipelineError(outcome.stage, file.path, outcome.reason);
    const read = await metadata;
    if (!read.value) throw new PipelineError('metadata', file.path, `could not read metadata: ${errorText(read.error)}`);
    return merge(file, type, outcome.facts, read.value);
  }

  return {
    capacity,
    async process(file) {
      if (closed) throw new PipelineError('internal', file.path, 'the pipeline is closed');
      return slots.run(() => processOne(file));
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([pool.destroy(), exiftool.end()]);
    },
  };
}

function merge(
  file: FileToProcess,
  type: DetectedType,
  facts: Extract<WorkerOutcome, { ok: true }>['facts'],
  read: MetadataFacts,
): ProcessedFile {
  // Videos are never decoded, and a RAW preview is smaller than the sensor: the container knows best.
  const containerKnowsSize = type.route === 'none' || (type.route === 'raw-preview' && read.width !== null);
  return {
    path: file.path,
    sizeBytes: file.sizeBytes,
    mtimeMs: file.mtimeMs,
    sha256: facts.sha256,
    contentType: type.contentType,
    mediaType: type.mediaType,
    width: containerKnowsSize ? read.width : facts.width,
    height: containerKnowsSize ? read.height : facts.height,
    metadata: read.metadata,
    dhash: facts.dhash,
    derivatives: facts.derivatives,
    facesSkippedReason: facts.facesSkippedReason,
    reusedDerivatives: facts.reusedDerivatives,
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
  return error instanceof Error ? error.message : String(error);
}
