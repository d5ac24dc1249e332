import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monthlyPhotos, placedPhotos, writePlacedPhotos } from '../test/fixtures/placed-photos';
import { datasetsDir, missingDatasets, partyDay } from './face-library';
import { startFacetServer, waitUntilIndexed, type FacetServer } from './facet-server';
import { expect, openApp, test as base } from './fixtures';

/** Three years of monthly photos (a timeline to scroll) and photos taken in Lisbon, Porto, Zürich and at sea. */
const photos = [...placedPhotos, ...monthlyPhotos(36)];

const test = base.extend<object, { placesLibrary: FacetServer }>({
  placesLibrary: [
    async ({}, use) => {
      const root = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-places-'));
      await writePlacedPhotos(path.join(root, 'photos'), photos);
      const server = await startFacetServer(path.join(root, 'library'));
      try {
        await server.call('addFolderSource', { path: path.join(root, 'photos') });
        await waitUntilIndexed(server, photos.length);
        await use(server);
      } finally {
        await server.stop();
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

test.use({ locale: 'en-US' });

test('the timeline scrubber and a date jump scroll the grid to a month', async ({ page, placesLibrary }) => {
  await openApp(page, placesLibrary);
  const grid = page.getByRole('region', { name: 'Photos by date' });
  const timeline = page.getByRole('navigation', { name: 'Timeline' });
  const currentMonth = page.locator('[aria-label="Current month"]');
  await expect(grid.getByRole('heading', { name: 'June 2024' })).toBeVisible();
  await expect(timeline.getByRole('button', { name: '2024', exact: true })).toHaveAttribute('aria-current', 'true');
  // Months far down the grid are not rendered (virtual rows) until the scrubber goes there.
  await expect(grid.getByRole('heading', { name: 'June 2020' })).toHaveCount(0);

  await timeline.getByRole('button', { name: '2019', exact: true }).click();
  await expect(currentMonth).toHaveAttribute('data-month', '2019-12');
  await expect(timeline.getByRole('button', { name: '2019', exact: true })).toHaveAttribute('aria-current', 'true');
  // The months of the year in view are listed under it.
  await expect(timeline.getByRole('button', { name: 'June 2020', exact: true })).toHaveCount(0);
  await timeline.getByRole('button', { name: '2020', exact: true }).click();
  await expect(currentMonth).toHaveAttribute('data-month', '2020-12');
  await timeline.getByRole('button', { name: 'June 2020', exact: true }).click();
  await expect(currentMonth).toHaveAttribute('data-month', '2020-06');
  await expect(grid.getByRole('heading', { name: 'June 2020' })).toBeInViewport();
  await expect(grid.getByRole('button', { name: /^M019\.jpg,/ })).toBeInViewport();

  // A date with photos that month, then one without: the nearest earlier month, said so.
  const jump = timeline.getByLabel('Go to date', { exact: true });
  await jump.fill('2023-08-20');
  await timeline.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(currentMonth).toHaveAttribute('data-month', '2023-08');
  await expect(grid.getByRole('button', { name: /^Z1\.jpg,/ })).toBeInViewport();
  // Within a month with photos, to the row of the first photo of that day or before it.
  await jump.fill('2024-05-11');
  await timeline.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(currentMonth).toHaveAttribute('data-month', '2024-05');
  await expect(grid.getByRole('button', { name: /^L5\.jpg,/ })).toBeInViewport();
  await expect(grid.getByRole('heading', { name: 'May 2024' })).not.toBeInViewport();
  await jump.fill('2022-06-01');
  await timeline.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(currentMonth).toHaveAttribute('data-month', '2021-12');
  await expect(timeline.getByRole('status')).toHaveText('No photos in June 2022: showing December 2021');
});

test('the viewer names the place a photo was taken in', async ({ page, placesLibrary }) => {
  await openApp(page, placesLibrary);
  await page.getByRole('button', { name: /^L1\.jpg,/ }).click();
  const details = page.getByRole('dialog', { name: 'L1.jpg' }).getByRole('complementary', { name: 'Photo details' });
  await expect(details).toContainText('PlaceLisbon, Portugal');
  await expect(details).toContainText('38.71390° N, 9.13940° W');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /^S1\.jpg,/ }).click();
  await expect(page.getByRole('dialog', { name: 'S1.jpg' }).getByRole('complementary', { name: 'Photo details' })).toContainText('PlaceNo town nearby');
});

test('search finds photos by place and by date range', async ({ page, placesLibrary }) => {
  await openApp(page, placesLibrary, 'search');
  const form = page.getByRole('region', { name: 'Where and when' });
  await form.getByLabel('Place', { exact: true }).fill('Lisbon');
  await form.getByRole('button', { name: 'Find photos', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText('5 photos found');
  const found = form.getByRole('region', { name: 'Photos found' });
  await expect(found.getByRole('heading', { name: 'May 2024' })).toBeVisible();
  for (let i = 1; i <= 5; i++) await expect(found.getByRole('button', { name: new RegExp(`^L${i}\\.jpg,`) })).toBeVisible();
  await expect(found.getByRole('button', { name: /^P1\.jpg,/ })).toHaveCount(0);

  // A country and a date range together; then dates alone.
  await form.getByLabel('Place', { exact: true }).fill('portugal');
  await form.getByLabel('From', { exact: true }).fill('2024-05-12');
  await form.getByLabel('To', { exact: true }).fill('2024-06-30');
  await form.getByRole('button', { name: 'Find photos', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText('1 photo found');
  await expect(found.getByRole('button', { name: /^P1\.jpg,/ })).toBeVisible();

  await form.getByLabel('Place', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Find photos', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText('2 photos found');
  await expect(found.getByRole('button', { name: /^H1\.jpg,/ })).toBeVisible();

  // A found photo opens in the viewer with its place.
  await found.getByRole('button', { name: /^P1\.jpg,/ }).click();
  await expect(page.getByRole('dialog', { name: 'P1.jpg' }).getByRole('complementary', { name: 'Photo details' })).toContainText('Porto, Portugal');
  await page.keyboard.press('Escape');

  await form.getByLabel('Place', { exact: true }).fill('Atlantis');
  await form.getByLabel('From', { exact: true }).fill('');
  await form.getByLabel('To', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Find photos', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText('No photos match.');
});

test.describe('with the face datasets', () => {
  // Before the fixture: without the datasets the face library cannot be built.
  test.skip(missingDatasets().length > 0, `face datasets missing: ${missingDatasets().join(', ')}`);

  test('where and when narrows a selfie search to the photos taken then', async ({ page, faceLibrary }) => {
    await openApp(page, faceLibrary.server, 'search');
    // The party scenes are the library's only photos of that day; the cast's portraits are undated.
    const form = page.getByRole('region', { name: 'Where and when' });
    await form.getByLabel('From', { exact: true }).fill(partyDay);
    await form.getByLabel('To', { exact: true }).fill(partyDay);
    await form.getByRole('button', { name: 'Find photos', exact: true }).click();
    await expect(page.getByText('Only photos found by Where and when')).toBeVisible();

    await page.getByLabel('Selfie image files').setInputFiles(path.join(datasetsDir, 'tvcast', 'sheldon', 'sheldon1.png'));
    const matches = page.getByRole('list', { name: 'Matches' }).getByRole('button');
    await expect(matches.first()).toBeVisible({ timeout: 60_000 });
    const names = await matches.evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label') ?? ''));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^\d+\. bbt\d\.jpg, /);

    // Cleared, the same selfie finds the undated portraits too.
    await form.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect(matches.filter({ hasText: /sheldon\d\.png/ }).first()).toBeVisible({ timeout: 60_000 });
  });
});
