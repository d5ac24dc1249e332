import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openEngine } from '../../api/engine';
import { startWebServer } from '../../server/web-server';
import { CliError, libraryDirFrom, repoRoot, type GlobalOptions } from '../context';

const rendererDir = path.join(repoRoot, 'out', 'renderer');

/** The web mode serves the same renderer build as Electron; build it once if this clone has none. */
function ensureRendererBuilt(): void {
  if (existsSync(path.join(rendererDir, 'index.html'))) return;
  process.stderr.write('Building the renderer once (out/renderer is missing)...\n');
  const electronVite = path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [electronVite, 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new CliError('could not build the renderer (npx electron-vite build)');
}

export async function serve(options: GlobalOptions & { port: string }): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port: ${options.port}`);
  ensureRendererBuilt();
  const engine = await openEngine({ libraryDir: libraryDirFrom(options), watch: true });
  const server = await startWebServer({ engine, staticDir: rendererDir, port });
  process.stdout.write(`Facet web mode: ${server.url}\n`);
  void engine.indexAll().catch((error: unknown) => console.error('facet serve: indexing failed:', error));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await engine.close();
}
