/**
 * Worker thread entry: builds one shard's graph from shared memory, writes it to a file, frees it,
 * and reports through the shared state the starting thread waits on (see parallel-build.ts).
 */
import { statSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { lowerThisWorkerThreadPriority } from '../worker-priority';
import { buildState, type BuildJob } from './parallel-build';

lowerThisWorkerThreadPriority();
const job = workerData as BuildJob;
const states = new Int32Array(job.states);

function report(state: number): void {
  Atomics.store(states, job.slot, state);
  Atomics.notify(states, job.slot);
}

async function build(): Promise<void> {
  report(buildState.started);
  try {
    // Imported here, not at the top, so that a failure to load hnswlib is reported like any other.
    const { buildGraph } = await import('./graph-build');
    const graph = buildGraph(job.faces, job.dim, job.params);
    graph.writeIndexSync(job.file);
    // hnswlib writes through an ofstream and reports no failure: a file that is not there says it.
    statSync(job.file);
    // initIndex frees the old graph at once, before the starting thread loads the file into memory.
    graph.initIndex(1);
    report(buildState.done);
  } catch (error) {
    new Uint8Array(job.message).set(new TextEncoder().encode(String((error as Error).message ?? error)).subarray(0, job.message.byteLength));
    report(buildState.failed);
  }
}

void build();
