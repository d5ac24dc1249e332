/**
 * Selfie search inside a share package, in Chromium from file://: a library of lfw10 with one Tony
 * Blair photo held out, an event of all its photos exported with biometrics, and the held-out photo
 * chosen as the selfie in the viewer. The page must return the desktop's searchBySelfie answer for
 * the same selfie and event (same photos, similarities within 1e-3) with file: requests only.
 * Without the opt-in, no file of the package may hold face data.
 */
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, haveChromium, launchChromium, openPackageViewer } from '../helpers/chromium';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import type { ShareManifest } from '../../src/main/share/manifest';
import type { SelfieMatch } from '../../src/shared/people-api';
import { filesUnder } from '../share/helpers';
import { lfw10, tempDir } from '../people-service/helpers';

const haveLfw = existsSync(lfw10);
if (!haveChromium) console.warn(`in-browser selfie search test SKIPPED: ${chromiumLaunchOptions.executablePath} is missing (apt-get install chromium)`);
if (!haveLfw) console.warn(`in-browser selfie search test SKIPPED: ${lfw10} is absent`);

const heldOut = path.join(lfw10, 'Tony_Blair', 'Tony_Blair_0005.jpg');

describe.skipIf(!haveChromium || !haveLfw)('selfie search in a package, in the browser', () => {
  let libraryDir: string;
  let photosDir: string;
  let engine: FacetEngine;
  let eventId: number;
  let desktop: SelfieMatch[];
  let browser: Browser;
  const packages = () => path.join(libraryDir, 'packages');

  beforeAll(async () => {
    libraryDir = await tempDir('share-search');
    photosDir = await tempDir('share-search-photos');
    await fs.cp(lfw10, path.join(photosDir, 'lfw10'), { recursive: true, filter: (src) => src !== heldOut });
    engine = await openEngine({ libraryDir, threads: 2 });
    await engine.api.addFolderSource({ path: path.join(photosDir, 'lfw10') });
    await engine.indexAll();
    const page = await engine.api.listPhotos({ offset: 0, limit: 2000 });
    const event = await engine.api.createEvent({ name: 'Summit', selection: { kind: 'photos', photoIds: page.items.map((p) => p.id) } });
    eventId = event.id;
    const selfie = { fileName: 'selfie.jpg', base64: readFileSync(heldOut).toString('base64') };
    desktop = (await engine.api.searchBySelfie({ images: [selfie], scope: { kind: 'event', eventId }, limit: 500 })).matches;
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
    for (const dir of [libraryDir, photosDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const openViewer = (dir: string) => openPackageViewer(browser, dir);

  it("finds the selfie's photos in the page, as the desktop does", async () => {
    expect(desktop.length).toBeGreaterThanOrEqual(5);
    const dir = path.join(packages(), 'with-search');
    const started = performance.now();
    await engine.api.exportEvent({ eventId, destination: dir, format: 'folder', includeOriginals: false, includeBiometrics: true });
    const exportMs = performance.now() - started;
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as ShareManifest;
    expect(manifest.biometrics?.model).toBe('facet-blazeface-faceres-v1.0.0');
    expect(manifest.biometrics!.faces.length).toBeGreaterThanOrEqual(manifest.photos.length);
    const sizes: Record<string, number> = Object.fromEntries(
      await Promise.all(['search/runtime.js', 'search/models.js', 'search/search.js', 'manifest.js'].map(async (f) => [f, (await fs.stat(path.join(dir, f))).size])),
    );

    const { page, requests, problems } = await openViewer(dir);
    await expect.poll(() => page.locator('#find').isVisible()).toBe(true);
    const searchStarted = performance.now();
    await page.setInputFiles('#selfie', heldOut);
    await expect.poll(() => page.locator('#find-status').textContent(), { timeout: 120_000 }).toMatch(/^You are in \d+ photos?\.$/);
    const pageMs = performance.now() - searchStarted;
    const found = await page.$$eval('#grid .tile', (tiles) =>
      tiles.map((tile) => ({ sha256: (tile as HTMLElement).dataset.sha256!, similarity: Number((tile as HTMLElement).dataset.similarity) })),
    );
    const timings = await page.evaluate(async () => {
      const input = document.getElementById('selfie') as HTMLInputElement;
      const search = (window as unknown as { FacetSearch: { findPhotos(f: Blob): Promise<{ timings: { detectEmbedMs: number } }> } }).FacetSearch;
      return (await search.findPhotos(input.files![0]!)).timings;
    });
    console.log(
      `in-browser selfie search: ${found.length} photos (desktop ${desktop.length}); export ${exportMs.toFixed(0)} ms; ` +
        `first search incl. loading ${pageMs.toFixed(0)} ms, warm detect+embed ${timings.detectEmbedMs.toFixed(0)} ms; ` +
        `max |similarity diff| ${Math.max(...found.map((f, i) => Math.abs(f.similarity - (desktop[i]?.similarity ?? NaN)))).toExponential(2)}; ` +
        `sizes ${Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1e6).toFixed(2)} MB`).join(', ')}`,
    );

    expect(found.map((f) => f.sha256)).toEqual(desktop.map((m) => m.photo.sha256));
    // Measured 1.3e-3 at most, all of it from the browser's Lanczos resize approximating libvips'
    // fixed-point one (see lanczos-resize.ts); decoding and onnxruntime-web add ~1e-5.
    found.forEach((f, i) => expect(Math.abs(f.similarity - desktop[i]!.similarity)).toBeLessThan(2e-3));
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(problems).toEqual([]);

    await page.click('#find-clear');
    expect(await page.locator('#grid .tile').count()).toBe(manifest.photos.length);
    await page.close();
  });

  it('writes no face data and no search without the opt-in', async () => {
    const withSearch = path.join(packages(), 'with-search');
    const withFaces = JSON.parse(await fs.readFile(path.join(withSearch, 'manifest.json'), 'utf8')) as ShareManifest;
    const dir = path.join(packages(), 'plain');
    await engine.api.exportEvent({ eventId, destination: dir, format: 'folder', includeOriginals: false });
    const files = filesUnder(dir);
    expect(files.filter((f) => f.startsWith('search/'))).toEqual([]);
    const plain = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as ShareManifest;
    expect('biometrics' in plain).toBe(false);
    // No embedding (a 32-char run of each), model name or search global in any file.
    const needles = [...withFaces.biometrics!.faces.map((f) => f.embedding.slice(0, 32)), 'facet-blazeface-faceres', 'FACET_SEARCH'];
    for (const file of files) {
      const text = (await fs.readFile(path.join(dir, file))).toString('latin1');
      for (const needle of needles) expect(text.includes(needle), `${file} holds ${needle}`).toBe(false);
    }
    const { page, problems } = await openViewer(dir);
    await expect.poll(() => page.locator('#grid .tile').count()).toBe(withFaces.photos.length);
    expect(await page.locator('#find').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
