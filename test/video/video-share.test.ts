/**
 * Videos in share packages, opt-in with a size limit: left out by default, in with their poster
 * and original when small enough, and accepted back by the package import.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promisify } from 'node:util';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import type { ShareManifest } from '../../src/main/share/manifest';
import { haveChromium, launchChromium, openPackageViewer } from '../helpers/chromium';
import { makeTempDir } from '../library/helpers/temp';
import { repoRoot } from '../faces/helpers';
import { scenePhoto } from '../sync/helpers/contributors';
import { writeClip } from './clips';

const temp = makeTempDir('video-share');
const folder = path.join(temp.dir, 'media');
let engine: FacetEngine;
let eventId: number;
let small: string;
let large: string;

beforeAll(async () => {
  small = writeClip(folder, 'small.webm', { durationSeconds: 1, width: 160, height: 120, container: 'webm' });
  large = writeClip(folder, 'large.mp4', { durationSeconds: 6, width: 1280, height: 720 });
  await writeFile(path.join(folder, 'photo.jpg'), await scenePhoto(3));
  engine = await openEngine({ libraryDir: path.join(temp.dir, 'library'), watch: false, threads: 1, facePackDir: null });
  const sourceId = (await engine.api.addFolderSource({ path: folder })).id;
  await engine.indexAll();
  eventId = (await engine.api.createEvent({ name: 'Clips', selection: { kind: 'folder', sourceId, folder: '' } })).id;
}, 120_000);

afterAll(async () => {
  await engine?.close();
  temp.cleanup();
});

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ShareManifest;

describe('videos in share packages', () => {
  it('leaves videos out unless a size limit for them was chosen, saying so', async () => {
    const destination = path.join(temp.dir, 'no-videos');
    const result = await engine.api.exportEvent({ eventId, destination, format: 'folder', includeOriginals: false });
    expect(result.photos).toBe(1);
    expect(result.skipped.map((s) => [s.fileName, s.reason]).sort()).toEqual([
      ['large.mp4', 'videos are left out (no video size limit was chosen)'],
      ['small.webm', 'videos are left out (no video size limit was chosen)'],
    ]);
  });

  it('takes the videos up to the limit: poster as the picture, the original beside it; larger ones are named with their size', async () => {
    const destination = path.join(temp.dir, 'with-videos');
    const limit = statSync(small).size;
    expect(statSync(large).size).toBeGreaterThan(limit);
    const result = await engine.api.exportEvent({ eventId, destination, format: 'folder', includeOriginals: false, videoMaxBytes: limit });
    expect(result.photos).toBe(2);
    expect(result.skipped).toEqual([
      expect.objectContaining({ fileName: 'large.mp4', reason: `the video is ${statSync(large).size} bytes, over the ${limit} bytes chosen for videos` }),
    ]);
    const entry = manifestOf(destination).photos.find((photo) => photo.fileName === 'small.webm')!;
    expect(entry.original?.path).toBe(`originals/${entry.sha256}.webm`);
    expect(readFileSync(path.join(destination, entry.original!.path)).equals(readFileSync(small))).toBe(true);
    expect(entry.image.path).toMatch(/^images\/.+\.webp$/);
    expect(manifestOf(destination).photos.find((photo) => photo.fileName === 'photo.jpg')?.original).toBeUndefined();
  });

  it('comes back through the package import as a video', async () => {
    const destination = path.join(temp.dir, 'with-videos');
    const imported = await engine.api.importSharePackage({ source: destination, destination: path.join(temp.dir, 'imported') });
    expect(imported.photos).toBe(2);
    // Checked on the way in like any original (hash, then content type by magic bytes).
    const entry = manifestOf(destination).photos.find((photo) => photo.fileName === 'small.webm')!;
    expect(readFileSync(path.join(imported.destination, entry.original!.path)).equals(readFileSync(small))).toBe(true);
  });
});

describe.skipIf(!haveChromium)('the package page, opened from disk', () => {
  it('plays a video in place: its poster, then its original', async () => {
    const browser = await launchChromium();
    try {
      const destination = path.join(temp.dir, 'with-videos');
      const entry = manifestOf(destination).photos.find((photo) => photo.fileName === 'small.webm')!;
      const { page, problems } = await openPackageViewer(browser, destination);
      await page.getByRole('button', { name: 'small.webm' }).click();
      const video = page.locator('#full-video');
      await expect.poll(() => video.isVisible()).toBe(true);
      expect(await page.locator('#full').isHidden()).toBe(true);
      expect(await video.getAttribute('poster')).toBe(entry.image.path);
      expect(await video.getAttribute('src')).toBe(entry.original!.path);
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(0.5);
      // A photo after it shows as a picture again, and the video stops.
      await page.getByRole('button', { name: 'Close' }).click();
      await page.getByRole('button', { name: 'photo.jpg' }).click();
      await expect.poll(() => page.locator('#full').isVisible()).toBe(true);
      expect(await video.isHidden()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('facet export --videos <MB>', () => {
  it('takes the videos up to that size and names the ones left out', async () => {
    await engine.close();
    const destination = path.join(temp.dir, 'cli-package');
    const megabytes = (statSync(small).size / 1_000_000).toFixed(6);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, 'bin/facet.js'), '--library', path.join(temp.dir, 'library'), 'export', String(eventId), '--to', destination, '--videos', megabytes],
      { cwd: repoRoot },
    );
    expect(stdout).toContain(`${destination}: 2 photos`);
    expect(stdout).toMatch(/left out large\.mp4: the video is \d+ bytes, over the \d+ bytes chosen for videos/);
    expect(
      manifestOf(destination)
        .photos.map((photo) => photo.fileName)
        .sort(),
    ).toEqual(['photo.jpg', 'small.webm']);
  }, 60_000);
});
