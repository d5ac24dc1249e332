import sharp from 'sharp';
import { PipelineError } from './types';
import type { WorkerFacts, WorkerOutcome, WorkerTask } from './task';
import { hashOriginal } from './hash';
import { decodeImage } from './decode';
import { readStoredDerivatives, storeDerivatives, derivativePaths, type ContentFacts } from './derivatives';
import { describeFsError } from './original-file';

// Parallelism comes from the pool's threads; a libvips thread pool per worker would oversubscribe the cores.
sharp.concurrency(1);
sharp.cache(false);

export const facesNotEnabled = 'face models not enabled';
export const videoHasNoFaces = 'video: faces are only found in photos';

/** Piscina entry: one file in, plain facts (or a stage and reason) out. */
export default async function processFile(task: WorkerTask): Promise<WorkerOutcome> {
  try {
    return { ok: true, facts: await processOriginal(task) };
  } catch (error) {
    if (error instanceof PipelineError) return { ok: false, stage: error.stage, reason: error.message };
    return { ok: false, stage: 'internal', reason: error instanceof Error ? error.message : String(error) };
  }
}

async function processOriginal(task: WorkerTask): Promise<WorkerFacts> {
  const decodesOriginal = task.route === 'sharp' || task.route === 'heif';
  const { sha256, bytes } = await hashOriginal(task.file, decodesOriginal);
  if (task.route === 'none') {
    return { sha256, width: null, height: null, dhash: null, derivatives: null, facesSkippedReason: videoHasNoFaces, reusedDerivatives: false };
  }

  const stored = await readStoredDerivatives(task.derivativesDir, sha256);
  if (stored) return imageFacts(task, sha256, stored, true);

  const decoded = await decodeImage(task, bytes);
  const facts = await storeDerivatives(task.derivativesDir, sha256, decoded).catch((error: unknown) => {
    throw new PipelineError('thumbnail', task.file.path, `could not write thumbnail: ${describeFsError(error)}`);
  });
  return imageFacts(task, sha256, facts, false);
}

function imageFacts(task: WorkerTask, sha256: string, facts: ContentFacts, reused: boolean): WorkerFacts {
  const { thumb, preview } = derivativePaths(task.derivativesDir, sha256);
  return {
    sha256,
    width: facts.width,
    height: facts.height,
    dhash: facts.dhash,
    derivatives: { thumb, preview },
    facesSkippedReason: facesNotEnabled,
    reusedDerivatives: reused,
  };
}
