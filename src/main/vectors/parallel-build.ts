import { Worker } from 'node:worker_threads';
import { workerLocation } from '../worker-location';
import type { GraphParams, ShardFaces } from './graph-build';

export const vectorBuildWorker = { source: 'build-worker.ts', bundled: 'vector-build-worker.js' };

/** What one build worker gets: its shard's faces (shared memory) and where to report. */
export interface BuildJob {
  faces: ShardFaces;
  dim: number;
  params: GraphParams;
  /** The worker writes the finished graph here. */
  file: string;
  /** Int32 states, one slot per worker, watched with Atomics. */
  states: SharedArrayBuffer;
  slot: number;
  /** UTF-8 error text when the build fails. */
  message: SharedArrayBuffer;
}

export const buildState = { pending: 0, started: 1, done: 2, failed: 3 } as const;

/** Loading tsx and hnswlib in a fresh thread takes well under a second; a worker silent this long never started. */
const startTimeoutMs = 120_000;
const messageBytes = 4096;

function waitForWorker(states: Int32Array, slot: number, message: SharedArrayBuffer): string | null {
  const startDeadline = Date.now() + startTimeoutMs;
  for (;;) {
    const state = Atomics.load(states, slot);
    if (state === buildState.done) return null;
    if (state === buildState.failed) return new TextDecoder().decode(new Uint8Array(message)).replace(/\0+$/, '');
    if (state === buildState.pending && Date.now() > startDeadline) return `the build thread did not start within ${startTimeoutMs / 1000} s`;
    Atomics.wait(states, slot, state, state === buildState.pending ? 1000 : 60_000);
  }
}

/**
 * Builds one graph per shard, each in its own worker thread and all at once, and writes shard i
 * to `files[i]`. Blocks the calling thread until every worker has finished (Atomics.wait), so the
 * index keeps its synchronous API while the build uses every core.
 */
export function buildGraphFilesInWorkers(shards: readonly ShardFaces[], dim: number, params: GraphParams, files: readonly string[]): void {
  const states = new SharedArrayBuffer(4 * shards.length);
  const messages = shards.map(() => new SharedArrayBuffer(messageBytes));
  const { filename, execArgv } = workerLocation(import.meta.url, vectorBuildWorker);
  const workers = shards.map((faces, slot) => {
    const job: BuildJob = { faces, dim, params, file: files[slot] as string, states, slot, message: messages[slot] as SharedArrayBuffer };
    const worker = new Worker(filename, { execArgv, workerData: job });
    // Failures are reported through the shared state; an 'error' event must not crash the process.
    worker.on('error', () => {});
    return worker;
  });
  try {
    const view = new Int32Array(states);
    const failures = shards
      .map((_, slot) => ({ slot, problem: waitForWorker(view, slot, messages[slot] as SharedArrayBuffer) }))
      .filter((outcome) => outcome.problem !== null);
    if (failures.length > 0) {
      throw new Error(`vector index: building ${failures.map(({ slot, problem }) => `shard ${slot} failed (${problem})`).join('; ')}`);
    }
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}
