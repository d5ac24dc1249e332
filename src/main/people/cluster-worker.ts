/**
 * Worker thread entry: runs one clustering step (cluster-job.ts) and posts the result back. A
 * throw here reaches the starting thread as the worker's 'error' event (cluster-in-worker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisWorkerThreadPriority } from '../worker-priority';
import { fromJob, runClusterStep, toReply, type ClusterJob } from './cluster-job';

lowerThisWorkerThreadPriority();
parentPort!.postMessage(toReply(runClusterStep(fromJob(workerData as ClusterJob))));
