import os from 'node:os';
import { isMainThread } from 'node:worker_threads';

/**
 * The nice value of background worker threads: the engine's thread (nice 0) then gets about 90%
 * of a core the two want at once (CFS weights 1024 against 110), while a worker still takes every
 * cycle nothing else wants, so its work is only slower while the engine is busy.
 */
export const backgroundThreadNice = 10;

/**
 * Lowers the CPU priority of the calling worker thread, so that long background work (building the
 * face index, clustering people) gives way to the engine's answers. Linux only: there the nice value
 * belongs to the thread (setpriority(PRIO_PROCESS, 0), which os.setPriority(0) calls, acts on the
 * calling thread alone), whereas on macOS and Windows the same call lowers the whole process,
 * engine thread included. A thread cannot raise its priority again unprivileged, so this is only
 * for threads that end with their work; threads they start inherit it.
 */
export function lowerThisWorkerThreadPriority(): void {
  if (isMainThread || process.platform !== 'linux') return;
  // Already this low (a thread started by a lowered one), or lower: left as it is.
  if (os.getPriority(0) >= backgroundThreadNice) return;
  try {
    os.setPriority(0, backgroundThreadNice);
  } catch {
    // A sandbox that forbids it costs the engine some latency, never the work itself.
  }
}
