import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** The web mode serves out/renderer: build it from the current sources before any spec runs. */
export default function globalSetup(): void {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('e2e needs Debian chromium at /usr/bin/chromium: apt-get install -y chromium');
  }
  const electronVite = path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const build = spawnSync(process.execPath, [electronVite, 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('npx electron-vite build failed; the e2e specs need out/renderer');
}
