import { _electron as electron } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { repoRoot } from './facet-server';

/** The installed Electron binary, or null: electron 45 downloads it on first launch, never here. */
function electronBinary(): string | null {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const mainEntry = path.join(repoRoot, 'out', 'main', 'index.js');

test.describe('Electron app', () => {
  if (!binary) {
    console.warn(
      'SKIPPED Electron e2e: no Electron binary (node_modules/electron/path.txt or dist/ is missing). ' +
        'It is downloaded on first launch, which this machine cannot do; the web-mode specs cover the renderer.',
    );
  }
  test.skip(!binary, 'Electron binary absent (node_modules/electron/path.txt or dist/ missing); not downloaded here');

  test('launches and shows the library window', async () => {
    const libraryDir = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [mainEntry, '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, FACET_LIBRARY: libraryDir },
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle('Facet');
      await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expect(window.getByText('No photos yet')).toBeVisible();
      // The IPC transport is in use: the Sources screen offers the native folder dialog.
      await window.getByRole('link', { name: 'Sources' }).click();
      await expect(window.getByRole('button', { name: 'Add folder…' })).toBeVisible();
      // ... and Import a file dialog for a .zip share package.
      await window.getByRole('link', { name: 'Events' }).click();
      await window.getByRole('button', { name: 'Import a package…' }).click();
      await expect(window.getByRole('button', { name: 'Choose a .zip…' })).toBeVisible();
      await window.getByRole('link', { name: 'Sources' }).click();
      await expect(window.getByRole('contentinfo', { name: 'Library status' })).toContainText('0 photos');

      // The engine runs in its own utility process: killed, it is restarted and the window goes on.
      const enginePids = () =>
        app.evaluate(({ app }) =>
          app
            .getAppMetrics()
            .filter((m) => m.type === 'Utility' && m.serviceName === 'Facet engine')
            .map((m) => m.pid),
        );
      const [enginePid] = await enginePids();
      expect(enginePid).toBeDefined();
      process.kill(enginePid!, 'SIGKILL');
      await expect.poll(async () => (await enginePids()).filter((pid) => pid !== enginePid).length, { timeout: 30_000 }).toBe(1);
      await window.getByRole('link', { name: 'Library' }).click();
      await expect(window.getByText('No photos yet')).toBeVisible();
      await expect(window.getByRole('contentinfo', { name: 'Library status' })).toContainText('0 photos');
    } finally {
      await app.close();
      await rm(libraryDir, { recursive: true, force: true });
    }
  });
});
