// Worker entry for atomic-file-threads.test.ts: waits for the start signal, then writes one target
// many times as fast as it can, so that the threads' first writes fall in the same millisecond.
import { parentPort, workerData } from 'node:worker_threads';
import { rederivable, writeFileAtomic } from '../../src/main/fs/atomic-file';

const { target, writes, start } = workerData as { target: string; writes: number; start: Int32Array };
parentPort!.postMessage('ready');
Atomics.wait(start, 0, 0);
const results = await Promise.allSettled(Array.from({ length: writes }, (_, i) => writeFileAtomic(target, `write ${i}`, rederivable)));
parentPort!.postMessage(results.filter((r) => r.status === 'rejected').length);
