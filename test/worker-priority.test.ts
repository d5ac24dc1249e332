import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { backgroundThreadNice, lowerThisWorkerThreadPriority } from '../src/main/worker-priority';
import { thisThreadId, threadNiceness } from './helpers/thread-niceness';

const onLinux = process.platform === 'linux';
if (!onLinux) console.warn(`SKIPPED: worker thread priority is only lowered on Linux, where the nice value is per thread (this is ${process.platform})`);

interface Report {
  tid: number;
  before: number;
  after: number;
}

describe.skipIf(!onLinux)('background worker thread priority (Linux: nice is per thread)', () => {
  it('lowers the worker thread that asks, and no other thread of the process', async () => {
    const mainTid = thisThreadId();
    const mainNice = threadNiceness(mainTid);
    const worker = new Worker(path.join(import.meta.dirname, 'helpers/lowered-worker.ts'), { execArgv: ['--import', 'tsx'] });
    try {
      const report = await new Promise<Report>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(report.tid).not.toBe(mainTid);
      expect(report.before).toBe(mainNice);
      expect(report.after).toBe(Math.max(mainNice, backgroundThreadNice));
      // Read from this thread while the worker is still alive: the kernel holds the lower priority for that thread alone.
      expect(threadNiceness(report.tid)).toBe(report.after);
      expect(threadNiceness(mainTid)).toBe(mainNice);
      expect(os.getPriority(0)).toBe(mainNice);
    } finally {
      worker.postMessage('end');
      await worker.terminate();
    }
  });

  it('leaves the main thread as it is when called there', () => {
    const before = threadNiceness(thisThreadId());
    lowerThisWorkerThreadPriority();
    expect(threadNiceness(thisThreadId())).toBe(before);
  });
});
