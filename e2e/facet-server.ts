import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ApiInput, ApiMethod, ApiOutput } from '../src/shared/api';
import type { BridgeResult } from '../src/shared/bridge';
import { httpRoutes } from '../src/shared/http';

export const repoRoot = path.resolve(import.meta.dirname, '..');

/** A running `facet serve` child process and a cookie-carrying client for setting up tests. */
export interface FacetServer {
  /** Launch URL with the token: what a browser opens first. */
  url: string;
  origin: string;
  libraryDir: string;
  /** `facet_session=...`, as the server set it after the launch URL. */
  cookie: string;
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or a closed terminal would: no clean shutdown. */
  kill(): Promise<void>;
}

export interface FacetServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** `--remember`: the secret (and port) kept in the library across restarts. */
  remember?: boolean;
  /** A models folder in place of resources/models (FACET_MODELS_DIR). */
  modelsDir?: string;
  /** More environment for the server (XDG_DATA_HOME: the system trash of a test). */
  env?: Record<string, string>;
}

const launchLine = /Facet web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

/** Starts `facet serve --port 0` on `libraryDir` and resolves once it printed its launch URL. */
export async function startFacetServer(libraryDir: string, options: FacetServerOptions = {}): Promise<FacetServer> {
  const args = ['--library', libraryDir, 'serve', '--port', String(options.port ?? 0), ...(options.remember ? ['--remember'] : [])];
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'facet.js'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(options.modelsDir ? { FACET_MODELS_DIR: options.modelsDir } : {}), ...options.env },
  });
  const url = await waitForLaunchUrl(child);
  const origin = new URL(url).origin;
  const cookie = await sessionCookie(url);

  return {
    url,
    origin,
    libraryDir,
    cookie,
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const response = await fetch(origin + httpRoutes.call(method), {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(input),
      });
      const result = (await response.json()) as BridgeResult;
      if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
      return result.value as ApiOutput<M>;
    },
    stop: () => stopChild(child),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function waitForLaunchUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error('facet serve printed no launch URL within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (process.env.FACET_E2E_SERVER_LOG) process.stderr.write(chunk);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = launchLine.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`facet serve exited early (code ${code}, signal ${signal})`)));
  });
}

/** Opens the launch URL like a browser would and keeps the session cookie the redirect sets. */
async function sessionCookie(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  const setCookie = response.headers.getSetCookie()[0];
  if (response.status !== 303 || !setCookie) throw new Error(`launch URL answered ${response.status} without a session cookie`);
  return setCookie.split(';')[0]!;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Polls until no source is scanning or indexing and at least `files` files are indexed or failed. */
export async function waitUntilIndexed(server: FacetServer, files: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [status, sources] = await Promise.all([server.call('getStatus', {}), server.call('listSources', {})]);
    const busy = sources.some((s) => s.state === 'scanning' || s.state === 'indexing');
    if (!busy && status.photos + status.videos + status.errors >= files) return;
    if (Date.now() > deadline) {
      throw new Error(`library not indexed after ${timeoutMs} ms: ${JSON.stringify({ status, sources })}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
