/**
 * ONNX Runtime sessions: one per model file per process (worker), on the best execution
 * provider this platform can actually load, with CPU as the always-working fallback.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

export interface ModelSession {
  session: ort.InferenceSession;
  /** The execution provider that loaded the model ('cpu', 'cuda', 'dml', 'coreml'). */
  provider: string;
}

export interface SessionOptions {
  /** Intra-op threads; pick so that workers x threads ~= cores. */
  threads: number;
  /** Override the provider preference (tests; `facet doctor --cpu`). Defaults to `preferredProviders()`. */
  providers?: readonly string[];
}

/** Intra-op threads for each of `workers` workers so that together they use every core once. */
export function threadsPerWorker(workers: number, cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

/** Accelerated providers worth trying here, best first, always ending with 'cpu'. */
export function preferredProviders(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] {
  if (platform === 'win32') return ['dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  if (platform === 'linux' && arch === 'x64' && cudaProviderInstalled()) return ['cuda', 'cpu'];
  return ['cpu'];
}

/** The CUDA provider is a separate library that onnxruntime-node's installer only fetches on request. */
function cudaProviderInstalled(): boolean {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    const dir = path.join(path.dirname(pkg), 'bin', 'napi-v6', 'linux', 'x64');
    return existsSync(path.join(dir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

const cache = new Map<string, Promise<ModelSession>>();

/** Opens `modelPath` once per process; later calls with the same path share the session (the first call's options win). */
export function openSession(modelPath: string, options: SessionOptions): Promise<ModelSession> {
  let pending = cache.get(modelPath);
  if (!pending) {
    pending = createSession(modelPath, options);
    cache.set(modelPath, pending);
    pending.catch(() => cache.delete(modelPath));
  }
  return pending;
}

async function createSession(modelPath: string, { threads, providers = preferredProviders() }: SessionOptions): Promise<ModelSession> {
  if (!existsSync(modelPath)) throw new Error(`face model file is missing: ${modelPath}`);
  const base: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: Math.max(1, Math.floor(threads)),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  const failures: string[] = [];
  for (const provider of providers) {
    try {
      const session = await ort.InferenceSession.create(modelPath, { ...base, executionProviders: [provider] });
      return { session, provider };
    } catch (error) {
      failures.push(`${provider}: ${(error as Error).message}`);
    }
  }
  throw new Error(`face model ${modelPath} could not be loaded (${failures.join('; ')})`);
}
