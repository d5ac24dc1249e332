/** A face index made ready off the engine's thread (face-index-worker.ts), and starting it. */
import { Worker } from 'node:worker_threads';
import type { Sidecar } from '../vectors/sidecar';
import type { VectorIndexLocation } from '../vectors/vector-index';
import { workerLocation } from '../worker-location';

export const faceIndexWorker = { source: 'face-index-worker.ts', bundled: 'face-index-worker.js' };

export interface FaceIndexJob {
  catalogFile: string;
  modelId: number;
  /** Plain data only: it crosses to the worker thread. */
  location: Omit<VectorIndexLocation, 'loadSome'>;
  /** Why the saved files must not be used (they were, and did not match the catalog), or null to try them first. */
  rebuildBecause: string | null;
}

/** The saved index's sidecar, its files checked; `rebuiltBecause` says why it was built afresh, if it was. */
export type FaceIndexJobResult = { ok: true; sidecar: Sidecar; rebuiltBecause: string | null } | { ok: false; error: string };

export interface RunningFaceIndexJob {
  result: Promise<FaceIndexJobResult>;
  stop(): void;
}

/** Starts the job in its own thread; `result` settles once the thread has exited, its memory given back. */
export function startFaceIndexJob(job: FaceIndexJob): RunningFaceIndexJob {
  const { filename, execArgv } = workerLocation(import.meta.url, faceIndexWorker);
  const worker = new Worker(filename, { execArgv, workerData: job });
  let answer: FaceIndexJobResult | null = null;
  let failure: string | null = null;
  worker.on('message', (message: FaceIndexJobResult) => (answer = message));
  worker.on('error', (error) => (failure = error.message));
  const result = new Promise<FaceIndexJobResult>((resolve) => {
    worker.once('exit', (code) => resolve(answer ?? { ok: false, error: failure ?? `the face index thread exited with code ${code}` }));
  });
  return { result, stop: () => void worker.terminate() };
}
