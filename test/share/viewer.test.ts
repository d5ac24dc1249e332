import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, haveChromium, launchChromium, openPackageViewer } from '../helpers/chromium';
import { exportSharePackage } from '../../src/main/share/export';
import { openEventLibrary, type EventLibrary } from '../events/helpers/event-library';
import { makeShareEvent, type ShareEvent } from './helpers';

if (!haveChromium) console.warn(`viewer test SKIPPED: ${chromiumLaunchOptions.executablePath} is missing (apt-get install chromium)`);

describe.skipIf(!haveChromium)('the package viewer, opened from disk', () => {
  let lib: EventLibrary;
  let event: ShareEvent;
  let browser: Browser;
  let packageDir: string;

  beforeAll(async () => {
    lib = await openEventLibrary('share-viewer');
    event = await makeShareEvent(lib);
    packageDir = path.join(lib.work, 'out', 'party');
    await lib.engine.api.exportEvent({ eventId: event.eventId, destination: packageDir, format: 'folder', includeOriginals: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await lib?.close();
  });

  const openViewer = (dir: string) => openPackageViewer(browser, dir);

  it('shows every photo in the grid and opens a full-size view, with file: requests only', async () => {
    const { page, requests, problems } = await openViewer(packageDir);
    const tiles = page.locator('#grid .tile');
    await expect.poll(() => tiles.count()).toBe(event.shas.length);
    expect(await page.title()).toBe('Anna & Ben <3');
    expect(await page.locator('#summary').textContent()).toMatch(/^9 photos/);
    // Every thumbnail decodes (they are all on screen at this size).
    await expect
      .poll(() => page.$$eval('#grid img', (imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length))
      .toBe(event.shas.length);
    expect(await page.locator('#filter-label').isHidden()).toBe(true);

    await tiles.nth(2).click();
    await expect.poll(() => page.locator('#lightbox').isVisible()).toBe(true);
    await expect.poll(() => page.$eval('#full', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(300);
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'manifest.json'), 'utf8')) as {
      photos: { fileName: string; image: { path: string }; original?: { path: string } }[];
    };
    const third = manifest.photos[2]!;
    expect(await page.locator('#full').getAttribute('src')).toBe(third.image.path);
    expect(await page.locator('#download').getAttribute('href')).toBe(third.image.path);
    expect(await page.locator('#download-original').getAttribute('href')).toBe(third.original!.path);
    expect(await page.locator('#caption').textContent()).toContain(third.fileName);
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#full').getAttribute('src')).toBe(manifest.photos[3]!.image.path);
    await page.keyboard.press('Escape');
    expect(await page.locator('#lightbox').isHidden()).toBe(true);

    expect(requests.length).toBeGreaterThan(event.shas.length);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by a person or guest once the manifest lists them, each name once', async () => {
    const dir = path.join(lib.work, 'out', 'with-people');
    const photos = await Promise.all(
      event.photos.map(async (photo) => {
        const detail = await lib.engine.api.getPhoto({ photoId: photo.id });
        return { ...photo, mediaType: detail.mediaType, preview: null, original: detail.path };
      }),
    );
    await exportSharePackage({
      destination: dir,
      format: 'folder',
      event: { name: 'People', startsAt: null, endsAt: null },
      photos,
      includeOriginals: false,
      watermark: null,
      people: [{ id: 'p1', name: 'Leonard', photos: event.shas.slice(0, 3) }],
      // A guest named as the person is the person: one "Leonard", with the photos of both.
      guests: [
        { id: 'g1', name: '<b>Ben</b>', photos: event.shas.slice(5, 6) },
        { id: 'g2', name: ' leonard', photos: event.shas.slice(2, 5) },
      ],
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { people: unknown[]; guests: unknown[] };
    expect(manifest.people).toEqual([{ id: 'p1', name: 'Leonard', photos: event.shas.slice(0, 5) }]);
    expect(manifest.guests).toEqual([{ id: 'g1', name: '<b>Ben</b>', photos: event.shas.slice(5, 6) }]);
    const { page, requests, problems } = await openViewer(dir);
    await expect.poll(() => page.locator('#grid .tile').count()).toBe(event.shas.length);
    expect(await page.locator('#filter-label').isVisible()).toBe(true);
    expect(await page.locator('#filter option').allTextContents()).toEqual(['Everyone', 'Leonard', '<b>Ben</b>']);
    await page.selectOption('#filter', { label: 'Leonard' });
    expect(await page.locator('#grid .tile').count()).toBe(5);
    await page.selectOption('#filter', { label: '<b>Ben</b>' });
    expect(await page.locator('#grid .tile').count()).toBe(1);
    await page.selectOption('#filter', { label: 'Everyone' });
    expect(await page.locator('#grid .tile').count()).toBe(event.shas.length);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
