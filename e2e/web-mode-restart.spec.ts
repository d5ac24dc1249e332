import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { rememberedSessionPath } from '../src/main/server/remembered-session';
import { startFacetServer, waitUntilIndexed, type FacetServer } from './facet-server';
import { expect, openApp, test } from './fixtures';
import { saveScreenshot } from './screenshots';

// A web-mode page whose server is killed and started again must say so once, come back by itself
// and show fresh data; never the browser's raw "Failed to fetch".

async function jpegs(folder: string, names: string[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [i, name] of names.entries()) {
    await sharp({ create: { width: 480, height: 360, channels: 3, background: { r: 40 + i * 60, g: 120, b: 200 - i * 50 } } })
      .jpeg()
      .toFile(path.join(folder, name));
  }
}

/** Records, in the page, whether "Failed to fetch" was ever on screen, however briefly. */
async function watchForFailedToFetch(page: Page): Promise<() => Promise<boolean>> {
  await page.addInitScript(() => {
    const flag = '__facetSawFailedToFetch';
    const check = () => {
      if (document.body?.innerText.includes('Failed to fetch')) (window as unknown as Record<string, boolean>)[flag] = true;
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as Record<string, boolean>).__facetSawFailedToFetch === true);
}

const banner = (page: Page) => page.getByRole('status', { name: 'Connection to Facet' });
const statusBar = (page: Page) => page.getByRole('contentinfo', { name: 'Library status' });

test.describe('web mode across a server restart', () => {
  let root: string;
  let servers: FacetServer[];

  test.beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-restart-'));
    servers = [];
  });
  test.afterEach(async () => {
    for (const server of servers) await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  test('with --remember, the page shows a banner while the server is gone, reconnects on the same port and refreshes', async ({ page }) => {
    const sawFailedToFetch = await watchForFailedToFetch(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const photos = path.join(root, 'photos');
    await jpegs(path.join(photos, 'trip'), ['a.jpg', 'b.jpg', 'c.jpg']);
    const libraryDir = path.join(root, 'library');

    const first = await startFacetServer(libraryDir, { remember: true });
    servers.push(first);
    // The secret is kept in the library, readable by its owner only.
    expect((await stat(rememberedSessionPath(libraryDir))).mode & 0o777).toBe(0o600);
    const source = await first.call('addFolderSource', { path: photos });
    await waitUntilIndexed(first, 3);
    const event = await first.call('createEvent', { name: 'Trip', selection: { kind: 'folder', sourceId: source.id, folder: 'trip' } });

    await page.emulateMedia({ colorScheme: 'light' });
    await openApp(page, first, 'events');
    const card = page.getByRole('link', { name: 'Trip' });
    await expect(card).toContainText('3 photos');
    await expect(statusBar(page)).toContainText('3 photos');
    await expect(banner(page)).toBeEmpty();

    await first.kill();
    await expect(banner(page)).toContainText('Disconnected — retrying…', { timeout: 20_000 });
    await expect(banner(page).getByRole('button', { name: 'Retry now' })).toBeVisible();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await saveScreenshot(page, 'web-mode-disconnected', theme);
    }

    // A change while the server is away is refused with one clear message, not sent behind the user's back.
    await page.getByLabel('New event').fill('Later');
    await page.getByRole('button', { name: 'Create event' }).click();
    await expect(page.getByRole('alert')).toContainText('Not sent: Facet’s server is not answering');
    // Screens opened meanwhile wait under the banner instead of printing network errors.
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: 'Events' }).click();
    await expect(banner(page)).toContainText('Disconnected — retrying…');

    // The server comes back on the same port with the remembered secret, and the library changed
    // meanwhile. The page is kept off the server until that change is done, so that only the
    // refresh on reconnecting (not a live event) can show it.
    await page.route(`${first.origin}/api/**`, (route) => route.abort('connectionrefused'));
    await jpegs(path.join(photos, 'trip'), ['d.jpg']);
    const second = await startFacetServer(libraryDir, { port: Number(new URL(first.origin).port), remember: true });
    servers.push(second);
    expect(second.url).toBe(first.url);
    await waitUntilIndexed(second, 4);
    await second.call('addPhotosToEvent', { eventId: event.id, selection: { kind: 'folder', sourceId: source.id, folder: 'trip' } });
    await expect(banner(page)).toContainText('Disconnected — retrying…');
    await page.unroute(`${first.origin}/api/**`);

    await expect(banner(page)).not.toContainText('Disconnected', { timeout: 20_000 });
    await expect(statusBar(page)).toContainText('4 photos');
    await expect(card).toContainText('4 photos');
    await expect(banner(page)).toBeEmpty({ timeout: 10_000 });

    // The event stream was resubscribed: a live change shows without reloading.
    await second.call('renameEvent', { eventId: event.id, name: 'Trip to the coast' });
    await expect(page.getByRole('link', { name: 'Trip to the coast' })).toBeVisible();
    // And changes are sent again.
    await page.getByLabel('New event').fill('Later');
    await page.getByRole('button', { name: 'Create event' }).click();
    await expect(page).toHaveURL(/#\/events\/\d+$/);
    await expect(page.getByRole('region', { name: 'Later' })).toBeVisible();

    // Add photos → From a folder: an absolute path inside the source works, a name that matches
    // nothing says so (naming the folder) instead of "Added 0 photos.".
    await page.getByRole('button', { name: 'Add photos…' }).click();
    const addForm = page.getByRole('form', { name: 'Add photos' });
    await page.getByLabel('Folder in the source').fill(path.join(photos, 'trip'));
    await addForm.getByRole('button', { name: 'Add to event' }).click();
    await expect(addForm.getByRole('status')).toHaveText('Added 4 photos.');
    await page.getByLabel('Folder in the source').fill('Colin_Powell');
    await addForm.getByRole('button', { name: 'Add to event' }).click();
    await expect(addForm.getByRole('alert')).toHaveText(
      `no photos of the library are in ${path.join(photos, 'Colin_Powell')}: there is no such folder in the source photos`,
    );

    expect(await sawFailedToFetch()).toBe(false);
    await expect(page.getByText('Failed to fetch')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('without --remember, a restart signs the page out and a stale bookmark gets a page saying what to open', async ({ page, browser }) => {
    const sawFailedToFetch = await watchForFailedToFetch(page);
    await page.emulateMedia({ colorScheme: 'light' });
    const libraryDir = path.join(root, 'library');
    const first = await startFacetServer(libraryDir);
    servers.push(first);
    await openApp(page, first, 'library');
    await expect(statusBar(page)).toContainText('0 photos');

    await first.kill();
    await expect(banner(page)).toContainText('Disconnected — retrying…', { timeout: 20_000 });
    const second = await startFacetServer(libraryDir, { port: Number(new URL(first.origin).port) });
    servers.push(second);
    expect(second.url).not.toBe(first.url);

    const signedOut = page.getByRole('alert');
    await expect(signedOut).toContainText('Signed out — this page’s session ended', { timeout: 20_000 });
    await expect(signedOut).toContainText('facet serve --remember');
    await expect(banner(page)).not.toContainText('Disconnected');
    await saveScreenshot(page, 'web-mode-signed-out', 'light');

    // Reopening the page (what a bookmark does) gets the server's explanation, not a plain-text 401.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'This Facet link is out of date' })).toBeVisible();
    await expect(page.getByText('Open the address that facet serve printed in its terminal')).toBeVisible();
    expect(await sawFailedToFetch()).toBe(false);

    // The new link works, and a browser that never had one is told what to open.
    await openApp(page, second, 'library');
    await expect(statusBar(page)).toContainText('0 photos');
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    const response = await strangerPage.goto(second.origin + '/');
    expect(response?.status()).toBe(401);
    await expect(strangerPage.getByRole('heading', { name: 'Open Facet with the link from facet serve' })).toBeVisible();
    await stranger.close();
  });
});
