import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

// Tall enough that the whole small library is in the DOM (big-library.spec.ts covers virtualization).
test.use({ viewport: { width: 1280, height: 2400 } });

/** The tiles of the library grid in grid order (offset 0 first). */
function tiles(page: Page): Locator {
  return page.getByRole('region', { name: 'Photos by date' }).locator('.tile[data-offset]');
}

const tile = (page: Page, offset: number) => page.getByRole('region', { name: 'Photos by date' }).locator(`.tile[data-offset="${offset}"]`);
const bar = (page: Page) => page.getByRole('toolbar', { name: 'Selected photos' });
const modifier = process.platform === 'darwin' ? 'Meta' : 'Control';

async function selectedOffsets(page: Page): Promise<number[]> {
  return page
    .getByRole('region', { name: 'Photos by date' })
    .locator('.tile.tile-selected')
    .evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.offset)).sort((a, b) => a - b));
}

test.describe.configure({ mode: 'serial' });

test('shift-click selects a range, ctrl-click toggles, Ctrl+A selects all and Escape clears', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const { total, items: photos } = await server.call('listPhotos', { offset: 0, limit: 2000 });
  await openApp(page, server);
  await expect(tiles(page)).toHaveCount(total);

  // A plain click opens the viewer while nothing is selected.
  await tile(page, 0).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();

  await tile(page, 1).click({ modifiers: [modifier] });
  await expect(bar(page).getByRole('status')).toHaveText('1 photo selected');
  await tile(page, 4).click({ modifiers: ['Shift'] });
  await expect(bar(page).getByRole('status')).toHaveText('4 photos selected');
  await expect.poll(() => selectedOffsets(page)).toEqual([1, 2, 3, 4]);

  // With something selected, a plain click selects too (the viewer stays closed), and ctrl-click unselects.
  await tile(page, 6).click();
  await tile(page, 2).click({ modifiers: [modifier] });
  await expect.poll(() => selectedOffsets(page)).toEqual([1, 3, 4, 6]);
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(tile(page, 3)).toHaveAttribute('aria-pressed', 'true');

  // The hover checkbox selects as well.
  await tile(page, 8).hover();
  await page.getByRole('checkbox', { name: `Select ${photos[8]!.fileName}` }).click();
  await expect.poll(() => selectedOffsets(page)).toEqual([1, 3, 4, 6, 8]);

  await page.keyboard.press(`${modifier}+A`);
  await expect(bar(page).getByRole('status')).toHaveText(`${total} photos selected`);
  await page.keyboard.press('Escape');
  await expect(bar(page)).toBeHidden();
  await expect.poll(() => selectedOffsets(page)).toEqual([]);

  // From the keyboard: Space selects the tile with focus, the arrows move, shift+Space takes the range.
  await tile(page, 0).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+Space');
  await expect.poll(() => selectedOffsets(page)).toEqual([0, 1, 2]);
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(bar(page)).toBeHidden();
});

test('adds the selected photos to an event and removes them on the event grid', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const event = await server.call('createEvent', { name: 'Picked trip' });
  const ids = (await server.call('listPhotos', { offset: 0, limit: 3 })).items.map((p) => p.id);
  await openApp(page, server);

  await tile(page, 0).click({ modifiers: [modifier] });
  await tile(page, 2).click({ modifiers: ['Shift'] });
  await bar(page).getByRole('combobox', { name: 'Event to add to' }).selectOption({ label: 'Picked trip' });
  await bar(page).getByRole('button', { name: 'Add', exact: true }).click();
  await expect(bar(page).getByText('Added 3 photos to Picked trip.')).toBeVisible();
  const members = await server.call('listEventPhotos', { eventId: event.id, offset: 0, limit: 100 });
  expect(members.items.map((p) => p.id).sort()).toEqual([...ids].sort());

  await openApp(page, server, `events/${event.id}`);
  const eventGrid = page.getByRole('region', { name: 'Photos of Picked trip' });
  await expect(eventGrid.locator('.tile[data-offset]')).toHaveCount(3);
  await eventGrid.locator('.tile[data-offset="0"]').click({ modifiers: [modifier] });
  await bar(page).getByRole('button', { name: 'Remove from event' }).click();
  await expect(eventGrid.locator('.tile[data-offset]')).toHaveCount(2);
  await expect(bar(page)).toBeHidden();
  expect((await server.call('listEventPhotos', { eventId: event.id, offset: 0, limit: 100 })).total).toBe(2);
});

test('favourites from the tile heart and the bar, and the favourites filter', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const photos = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items;
  await openApp(page, server);

  await tile(page, 0).hover();
  // The heart shows the catalog's state: checked once the engine has it.
  await page.getByRole('checkbox', { name: `Favourite ${photos[0]!.fileName}` }).click();
  await expect(page.getByRole('checkbox', { name: `Favourite ${photos[0]!.fileName}` })).toBeChecked();
  await tile(page, 3).click({ modifiers: [modifier] });
  await tile(page, 4).click({ modifiers: [modifier] });
  await bar(page).getByRole('button', { name: '♥ Favourite' }).click();
  await expect(tile(page, 4).getByLabel('Favourite')).toBeVisible();
  await expect(tile(page, 3).getByLabel('Favourite')).toBeVisible();

  await page.getByRole('group', { name: 'Filter photos' }).getByRole('button', { name: '♥ Favourites' }).click();
  await expect(tiles(page)).toHaveCount(3);
  await expect(page.locator('.heading-count')).toHaveText('3 items');
  const shown = await tiles(page).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!.split(',')[0]));
  expect(shown).toEqual([0, 3, 4].map((i) => photos[i]!.fileName));
  // The filter is another sequence: the selection made before it is gone.
  await expect(bar(page)).toBeHidden();
  expect((await server.call('listPhotos', { offset: 0, limit: 100, favourites: true })).total).toBe(3);

  await page.getByRole('group', { name: 'Filter photos' }).getByRole('button', { name: '♥ Favourites' }).click();
  await expect(tiles(page)).toHaveCount(photos.length);

  // The viewer's heart and its F key.
  await tile(page, 5).click();
  const heart = page.getByRole('dialog').getByRole('button', { name: 'Favourite' });
  await expect(heart).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('f');
  await expect(heart).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(tile(page, 5).getByLabel('Favourite')).toBeVisible();
  expect((await server.call('listPhotos', { offset: 0, limit: 100, favourites: true })).total).toBe(4);
});

test('rates photos from the bar and the viewer, and filters by minimum rating', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const photos = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items;
  await openApp(page, server);

  await tile(page, 1).click({ modifiers: [modifier] });
  await tile(page, 2).click({ modifiers: [modifier] });
  await bar(page).getByRole('group', { name: 'Rate selected photos' }).getByRole('button', { name: '4 stars' }).click();
  await expect(tile(page, 1).locator('.tile-stars')).toHaveText('★★★★');
  await page.keyboard.press('Escape');

  await tile(page, 5).click();
  const rating = page.getByRole('dialog').getByRole('group', { name: 'Rating' });
  await rating.getByRole('button', { name: '2 stars' }).click();
  await expect(rating.getByRole('button', { name: '2 stars' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');

  const minRating = page.getByRole('combobox', { name: 'Minimum rating' });
  await minRating.selectOption('3');
  await expect(tiles(page)).toHaveCount(2);
  await minRating.selectOption('2');
  await expect(tiles(page)).toHaveCount(3);
  const rated = (await server.call('listPhotos', { offset: 0, limit: 100, minRating: 2 })).items;
  expect(rated.map((p) => [p.id, p.rating])).toEqual([
    [photos[1]!.id, 4],
    [photos[2]!.id, 4],
    [photos[5]!.id, 2],
  ]);
  await minRating.selectOption('');
  await expect(tiles(page)).toHaveCount(photos.length);
});

test('hides photos from the library, shows the hidden ones and unhides them', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const photos = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items;
  await openApp(page, server);

  await tile(page, 0).click({ modifiers: [modifier] });
  await tile(page, 1).click({ modifiers: [modifier] });
  await bar(page).getByRole('button', { name: 'Hide from library' }).click();
  await expect(tiles(page)).toHaveCount(photos.length - 2);
  await expect(bar(page)).toBeHidden();
  await expect(page.getByRole('button', { name: new RegExp(`^${photos[0]!.fileName},`) })).toHaveCount(0);

  const hiddenFilter = page.getByRole('group', { name: 'Filter photos' }).getByRole('button', { name: 'Hidden photos' });
  await hiddenFilter.click();
  await expect(tiles(page)).toHaveCount(2);
  await tile(page, 0).click({ modifiers: [modifier] });
  await tile(page, 1).click({ modifiers: [modifier] });
  await expect(bar(page).getByRole('status')).toHaveText('2 photos selected');
  await bar(page).getByRole('button', { name: 'Unhide' }).click();
  await expect(page.getByText('No photos match these filters.')).toBeVisible();
  await hiddenFilter.click();
  await expect(tiles(page)).toHaveCount(photos.length);
});

test('exports the selection as a share package', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const photos = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items;
  const outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-selection-'));
  try {
    // Three photos in a row (a package leaves videos out unless asked).
    const first = photos.findIndex((_, i) => photos.slice(i, i + 3).every((p) => p.mediaType === 'image'));
    await openApp(page, server);
    await tile(page, first).click({ modifiers: [modifier] });
    await tile(page, first + 2).click({ modifiers: ['Shift'] });
    await bar(page).getByRole('button', { name: 'Export selection…' }).click();
    const form = page.getByRole('form', { name: 'Export selected photos' });
    await form.getByLabel('Format').selectOption('folder');
    const destination = path.join(outside, 'picked');
    await form.getByLabel('Destination folder').fill(destination);
    await form.getByLabel('Title').fill('Best of');
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    // A package holds each content once (the library has an exact copy).
    const contents = new Set(photos.slice(first, first + 3).map((p) => p.sha256));
    await expect(form.getByRole('status')).toContainText(`Exported ${contents.size} photo`, { timeout: 60_000 });
    const manifest = JSON.parse(await readFile(path.join(destination, 'manifest.json'), 'utf8')) as { event: { name: string }; photos: { sha256: string }[] };
    expect(manifest.event.name).toBe('Best of');
    expect(manifest.photos.map((p) => p.sha256).sort()).toEqual([...contents].sort());
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});
