import { Worker } from 'node:worker_threads';
import { workerLocation, type WorkerEntry } from '../worker-location';
import type { ReclusterResult } from './cluster';
import { fromReply, jobTransferList, type ClusterJob, type ClusterReply } from './cluster-job';

export const clusterWorker: WorkerEntry = { source: 'cluster-worker.ts', bundled: 'cluster-worker.js' };

/**
 * Runs a clustering step in a worker thread of its own, so this thread's event loop stays free.
 * Rejects when the worker fails (naming why) or exits without answering, and when `signal` aborts
 * (the worker is terminated; its result is never seen).
 */
export function clusterInWorker(job: ClusterJob, signal?: AbortSignal): Promise<ReclusterResult> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const { filename, execArgv } = workerLocation(import.meta.url, clusterWorker);
    const worker = new Worker(filename, { execArgv, workerData: job, transferList: jobTransferList(job) });
    const settle = (outcome: () => void) => {
      signal?.removeEventListener('abort', onAbort);
      worker.removeAllListeners();
      // An error after the answer (or after an abort) has no one to go to.
      worker.on('error', () => {});
      void worker.terminate();
      outcome();
    };
    const onAbort = () => settle(() => reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: ClusterReply) => settle(() => resolve(fromReply(reply))));
    worker.once('error', (error) => settle(() => reject(new Error(`people clustering failed in its worker thread: ${error.message}`, { cause: error }))));
    worker.once('exit', (code) => settle(() => reject(new Error(`people clustering worker thread exited (code ${code}) before answering`))));
  });
}
