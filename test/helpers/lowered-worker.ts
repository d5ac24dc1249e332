/**
 * Worker thread entry for test/worker-priority.test.ts: lowers its priority as the background
 * build workers do, reports its thread id and nice value, and stays alive until told to end, so
 * the starting thread can read its nice value from outside.
 */
import { parentPort } from 'node:worker_threads';
import { lowerThisWorkerThreadPriority } from '../../src/main/worker-priority';
import { thisThreadId, threadNiceness } from './thread-niceness';

const tid = thisThreadId();
const before = threadNiceness(tid);
lowerThisWorkerThreadPriority();
parentPort!.postMessage({ tid, before, after: threadNiceness(tid) });
parentPort!.once('message', () => parentPort!.close());
