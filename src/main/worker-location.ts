import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkerLocation {
  filename: string;
  execArgv: string[];
}

export interface WorkerEntry {
  /** The worker's source file, in the folder of the module that starts it. */
  source: string;
  /** The file electron-vite builds from it next to out/main/index.js (an entry in electron.vite.config.ts). */
  bundled: string;
}

/**
 * Where a worker thread's entry lives, given the URL of the module that starts it. From source (tsx:
 * tests, CLI, web mode) it is the .ts file beside that module and needs tsx inside the thread too;
 * in the electron-vite bundle that module is part of out/main/index.js and the worker was built
 * next to it.
 */
export function workerLocation(moduleUrl: string, entry: WorkerEntry): WorkerLocation {
  const here = dirname(fileURLToPath(moduleUrl));
  return moduleUrl.endsWith('.ts')
    ? { filename: join(here, entry.source), execArgv: ['--import', 'tsx'] }
    : { filename: join(here, entry.bundled), execArgv: [] };
}
