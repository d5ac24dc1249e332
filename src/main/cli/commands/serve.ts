import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openEngine, type FacetEngine } from '../../api/engine';
import { loadRememberedSession, saveRememberedSession } from '../../server/remembered-session';
import { startWebServer, type WebServer } from '../../server/web-server';
import { CliError, libraryDirFrom, repoRoot, type GlobalOptions } from '../context';

const rendererDir = path.join(repoRoot, 'out', 'renderer');

export interface ServeOptions extends GlobalOptions {
  /** Absent: the remembered port with --remember, else any free port. */
  port?: string;
  remember?: boolean;
  resetSession?: boolean;
}

/** The web mode serves the same renderer build as Electron; build it once if this clone has none. */
function ensureRendererBuilt(): void {
  if (existsSync(path.join(rendererDir, 'index.html'))) return;
  process.stderr.write('Building the renderer once (out/renderer is missing)...\n');
  const electronVite = path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [electronVite, 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new CliError('could not build the renderer (npx electron-vite build)');
}

function parsePort(text: string | undefined): number | null {
  if (text === undefined) return null;
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port: ${text}`);
  return port;
}

function isPortInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

async function listen(engine: FacetEngine, port: number, token: string | undefined, remembered: boolean): Promise<WebServer> {
  return startWebServer({ engine, staticDir: rendererDir, port, token, remembered });
}

export async function serve(options: ServeOptions): Promise<void> {
  const askedPort = parsePort(options.port);
  if (options.resetSession && !options.remember) throw new CliError('--reset-session goes with --remember');
  ensureRendererBuilt();
  const libraryDir = libraryDirFrom(options);
  const engine = await openEngine({ libraryDir, watch: true });
  let server: WebServer;
  try {
    server = await startServer(engine, libraryDir, askedPort, options);
  } catch (error) {
    await engine.close();
    throw error;
  }
  process.stdout.write(`Facet web mode: ${server.url}\n`);
  process.stdout.write(
    options.remember
      ? `This link, and bookmarks of the app, keep working when \`facet serve --remember\` restarts on port ${server.port}.\n`
      : 'Restarting makes a new link; `facet serve --remember` keeps one link (and your bookmarks) across restarts.\n',
  );
  void engine.indexAll().catch((error: unknown) => console.error('facet serve: indexing failed:', error));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await engine.close();
}

async function startServer(engine: FacetEngine, libraryDir: string, askedPort: number | null, options: ServeOptions): Promise<WebServer> {
  const inUse = (port: number) => new CliError(`port ${port} is in use (is another \`facet serve\` running?); choose another with --port`);
  if (!options.remember) {
    try {
      return await listen(engine, askedPort ?? 0, undefined, false);
    } catch (error) {
      throw isPortInUse(error) ? inUse(askedPort ?? 0) : error;
    }
  }

  const { session, created, notice } = await loadRememberedSession(libraryDir, { reset: options.resetSession });
  if (notice) process.stderr.write(`facet serve: ${notice}\n`);
  let server: WebServer;
  try {
    server = await listen(engine, askedPort ?? session.port ?? 0, session.token, true);
  } catch (error) {
    // A remembered port someone else took: bookmarks break either way, but the app still starts.
    if (!isPortInUse(error)) throw error;
    if (askedPort !== null || session.port === null) throw inUse(askedPort ?? 0);
    process.stderr.write(`facet serve: port ${session.port} is in use; listening on another one (bookmarks of the old port will not open)\n`);
    server = await listen(engine, 0, session.token, true);
  }
  if (created || server.port !== session.port) await saveRememberedSession(libraryDir, { token: session.token, port: server.port });
  return server;
}
