import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testClip } from '../test/fixtures';
import { groupPhoto } from '../test/faces/helpers';
import { expect, openApp, test as base } from './fixtures';
import { startFacetServer, waitUntilIndexed, type FacetServer } from './facet-server';

/** Web mode on real clips made with ffmpeg: WebM (VP8), which every Chromium build plays. */
const test = base.extend<object, { videoLibrary: FacetServer }>({
  videoLibrary: [
    async ({}, use) => {
      const root = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-video-'));
      const folder = path.join(root, 'videos');
      await mkdir(folder);
      await writeFile(path.join(folder, 'pattern.webm'), testClip({ durationSeconds: 12, width: 640, height: 360, container: 'webm' }));
      await writeFile(
        path.join(folder, 'group.webm'),
        testClip({ durationSeconds: 4, width: 960, height: 640, container: 'webm', stillImage: groupPhoto(1), fps: 5 }),
      );
      const server = await startFacetServer(path.join(root, 'library'));
      try {
        await server.call('addFolderSource', { path: folder });
        await waitUntilIndexed(server, 2);
        await use(server);
      } finally {
        await server.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});

test('a video tile shows its poster and duration; the viewer plays it and seeks with byte ranges', async ({ page, videoLibrary }) => {
  const ranged: number[] = [];
  page.on('response', (response) => {
    if (/\/media\/original\/\d+$/.test(new URL(response.url()).pathname)) ranged.push(response.status());
  });
  await openApp(page, videoLibrary);

  const tile = page.getByRole('button', { name: /^pattern\.webm,/ });
  await expect(tile.getByLabel('Video, 0:12')).toHaveText('▶ 0:12');
  const poster = tile.getByRole('img', { name: 'pattern.webm' });
  await expect.poll(() => poster.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  await tile.click();
  const viewer = page.getByRole('dialog', { name: 'pattern.webm' });
  const video = viewer.locator('video');
  await expect(video).toHaveAttribute('poster', /\/media\/preview\/\d+$/);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.duration)).toBeCloseTo(12, 0);
  await expect(viewer.getByRole('complementary', { name: 'Photo details' })).toContainText('Duration0:12');

  // Seeking asks for the bytes at that time: the server answers 206, and the player gets there.
  const seeked = video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<number>((resolve) => {
        v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
        v.currentTime = 9;
      }),
  );
  expect(await seeked).toBeCloseTo(9, 0);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(2);
  expect(ranged).toContain(206);
  expect(ranged.every((status) => status === 200 || status === 206)).toBe(true);
});

test('the people of a video are listed with the time they were found at; choosing one shows that frame', async ({ page, videoLibrary }) => {
  await openApp(page, videoLibrary);
  await page.getByRole('button', { name: /^group\.webm,/ }).click();
  const viewer = page.getByRole('dialog', { name: 'group.webm' });
  const people = viewer.getByRole('region', { name: 'People in this photo' });
  const times = people.getByRole('button', { name: /^Show face \d+ at \d+:\d\d in the video$/ });
  await expect(times.first()).toBeVisible();
  expect(await times.count()).toBeGreaterThan(1);

  const video = viewer.locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  const last = times.last();
  const shown = Number((await last.textContent())!.split(':')[1]);
  await last.click();
  // Sampled frames sit in the middle of their part of the clip: 0.5 s, 1.5 s, ... shown as whole seconds.
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThanOrEqual(shown);
  expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(shown + 1);
  await expect(people.locator('li.selected')).toHaveCount(1);
});

test('an event exports its videos when a size for them is given', async ({ page, videoLibrary }) => {
  const [source] = await videoLibrary.call('listSources', {});
  const event = await videoLibrary.call('createEvent', { name: 'Clips', selection: { kind: 'folder', sourceId: source!.id, folder: '' } });
  const outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-video-export-'));
  try {
    const destination = path.join(outside, 'clips');
    await openApp(page, videoLibrary, `events/${event.id}`);
    await page.getByRole('button', { name: 'Export…' }).click();
    const form = page.getByRole('form', { name: 'Export event' });
    await form.getByLabel('Destination folder').fill(destination);
    await form.getByLabel('Videos up to (MB)').fill('50');
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(form.getByRole('status')).toContainText('Exported 2 photos', { timeout: 60_000 });
    const manifest = JSON.parse(await readFile(path.join(destination, 'manifest.json'), 'utf8')) as {
      photos: { fileName: string; original?: { path: string } }[];
    };
    expect(manifest.photos.map((photo) => [photo.fileName, photo.original?.path.endsWith('.webm')]).sort()).toEqual([
      ['group.webm', true],
      ['pattern.webm', true],
    ]);
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});
