import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkerLocation {
  filename: string;
  execArgv: string[];
}

/**
 * Where the pipeline worker lives. From source (tsx: tests, CLI) it is worker.ts beside this
 * module and needs tsx inside the thread too; in the electron-vite bundle this module is part of
 * out/main/index.js and the worker was built next to it as pipeline-worker.js.
 */
export function pipelineWorkerLocation(moduleUrl: string = import.meta.url): WorkerLocation {
  const here = dirname(fileURLToPath(moduleUrl));
  return moduleUrl.endsWith('.ts')
    ? { filename: join(here, 'worker.ts'), execArgv: ['--import', 'tsx'] }
    : { filename: join(here, 'pipeline-worker.js'), execArgv: [] };
}
