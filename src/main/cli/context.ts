import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api';
import { defaultLibraryDir } from '../app-paths';
import { dispatchApiCall } from '../api/dispatch';
import { openEngine, type FacetEngine } from '../api/engine';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface GlobalOptions {
  library?: string;
}

export function libraryDirFrom(options: GlobalOptions): string {
  return path.resolve(options.library ?? process.env.FACET_LIBRARY ?? defaultLibraryDir());
}

import { CliError } from './cli-error';

export { CliError };

/** The CLI speaks the same contract as IPC and HTTP: every call is validated by the dispatcher. */
export async function callApi<M extends ApiMethod>(engine: FacetEngine, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await dispatchApiCall(engine.api, method, input);
  if (!result.ok) throw new CliError(`${result.error.code}: ${result.error.message}`);
  return result.value as ApiOutput<M>;
}

export async function withEngine<T>(options: GlobalOptions & { watch?: boolean }, run: (engine: FacetEngine) => Promise<T>): Promise<T> {
  const engine = await openEngine({ libraryDir: libraryDirFrom(options), watch: options.watch ?? false });
  try {
    return await run(engine);
  } finally {
    await engine.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
