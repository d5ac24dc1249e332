import type { Locator, Page } from '@playwright/test';
import { expect, openApp } from './fixtures';
import { smallInteractiveText, test, textContrast, themeTokenContrast } from './polish-library';
import { saveScreenshot, watchProblems } from './screenshots';

const themes = ['light', 'dark'] as const;

/** The grid tile that has focus, as its offset in the grid; null when focus is elsewhere. */
function focusedOffset(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.classList.contains('tile') && active.isConnected ? Number(active.dataset.offset) : null;
  });
}

/** Whether the focused tile lies entirely inside the grid's scrolling viewport. */
function focusedTileInView(grid: Locator): Promise<boolean> {
  return grid.evaluate((scroller) => {
    const tile = document.activeElement;
    if (!tile || !scroller.contains(tile)) return false;
    const view = scroller.getBoundingClientRect();
    const box = tile.getBoundingClientRect();
    return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  });
}

test('the Library has a main heading and a title, and its undated photos form one group at the end', async ({ page, polish }) => {
  const { server, library } = polish;
  await openApp(page, server);
  await expect(page).toHaveTitle('Library — Facet');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();

  const timeline = await server.call('getTimeline', {});
  expect(timeline.filter((bucket) => bucket.month === 'undated')).toEqual([
    { month: 'undated', count: library.undatedIds.length, firstOffset: library.count - library.undatedIds.length },
  ]);
  expect(timeline.at(-1)!.month).toBe('undated');

  const grid = page.getByRole('region', { name: 'Photos by date' });
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(grid.getByRole('heading', { name: 'Undated' })).toBeVisible();
  await expect(grid.getByRole('heading', { name: 'Undated' })).toHaveCount(1);
  // Every tile under the Undated header says undated, and every one above it has a date.
  const tiles = await grid.evaluate((scroller) => {
    const header = [...scroller.querySelectorAll('h2')].find((h) => h.textContent === 'Undated')!;
    const headerTop = header.getBoundingClientRect().top;
    return [...scroller.querySelectorAll<HTMLElement>('.tile[data-offset]')].map((tile) => ({
      below: tile.getBoundingClientRect().top > headerTop,
      label: tile.getAttribute('aria-label') ?? '',
    }));
  });
  expect(tiles.filter((t) => t.below)).toHaveLength(library.undatedIds.length);
  expect(tiles.filter((t) => t.below).every((t) => t.label.endsWith(', undated'))).toBe(true);
  expect(tiles.filter((t) => !t.below).some((t) => t.label.endsWith(', undated'))).toBe(false);
});

test('photos indexed without a capture date are in the Undated group, not in their file month', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const photos = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items;
  const undated = photos.filter((photo) => photo.takenAt === null);
  expect(undated.length, 'the generated library holds undated files').toBeGreaterThan(0);
  // They come last in the listing, and one bucket holds exactly them.
  expect(photos.slice(-undated.length).every((photo) => photo.takenAt === null)).toBe(true);
  const timeline = await server.call('getTimeline', {});
  expect(timeline.at(-1)).toEqual({ month: 'undated', count: undated.length, firstOffset: photos.length - undated.length });

  await openApp(page, server);
  const grid = page.getByRole('region', { name: 'Photos by date' });
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const headings = grid.getByRole('heading', { level: 2 });
  await expect(headings.last()).toHaveText('Undated');
  for (const photo of undated) await expect(grid.getByRole('button', { name: `${photo.fileName}, undated` })).toBeVisible();
});

test('the grid is one Tab stop: arrows move, Enter opens, and focus survives the virtual scroll', async ({ page, polish }) => {
  const { server, library } = polish;
  await openApp(page, server);
  const grid = page.getByRole('region', { name: 'Photos by date' });
  await expect(grid.locator('.tile[data-offset="0"]')).toBeVisible();
  const tabStops = grid.locator('.tile[tabindex="0"]');
  await expect(tabStops).toHaveCount(1);

  // Tab enters the grid on one tile (from the last of the filters above it) and leaves it with the next press.
  const beforeGrid = page.getByRole('group', { name: 'Filter photos' }).getByRole('button', { name: 'Hidden photos' });
  await beforeGrid.focus();
  await page.keyboard.press('Tab');
  expect(await focusedOffset(page)).toBe(0);
  await page.keyboard.press('Tab');
  expect(await focusedOffset(page)).toBeNull();
  await page.keyboard.press('Shift+Tab');
  expect(await focusedOffset(page)).toBe(0);

  // Arrows: right and left in reading order, down keeps the column (onto the next month's row).
  const box = async () => (await page.evaluate(() => (document.activeElement as HTMLElement).getBoundingClientRect().toJSON())) as DOMRect;
  await page.keyboard.press('ArrowRight');
  expect(await focusedOffset(page)).toBe(1);
  const before = await box();
  await page.keyboard.press('ArrowDown');
  const down = await focusedOffset(page);
  const after = await box();
  expect(down).toBeGreaterThan(1);
  expect(Math.abs(after.x - before.x)).toBeLessThan(1);
  expect(after.y).toBeGreaterThan(before.y);
  await page.keyboard.press('ArrowUp');
  expect(await focusedOffset(page)).toBe(1);
  await page.keyboard.press('End');
  const rowEnd = (await focusedOffset(page))!;
  expect(rowEnd).toBeGreaterThan(1);
  await page.keyboard.press('Home');
  expect(await focusedOffset(page)).toBe(0);
  await expect(tabStops).toHaveCount(1);

  // Enter opens the photo; after stepping in the viewer, focus comes back to the photo last shown.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByText('2 of')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByText('4 of')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect.poll(() => focusedOffset(page)).toBe(3);

  // Far moves bring their tile into the DOM and into view.
  for (let i = 0; i < 4; i++) await page.keyboard.press('PageDown');
  await expect.poll(() => focusedOffset(page)).toBeGreaterThan(20);
  expect(await focusedTileInView(grid)).toBe(true);
  await page.keyboard.press('Control+End');
  await expect.poll(() => focusedOffset(page)).toBe(library.count - 1);
  expect(await focusedTileInView(grid)).toBe(true);
  await page.keyboard.press('Control+Home');
  await expect.poll(() => focusedOffset(page)).toBe(0);
  expect(await focusedTileInView(grid)).toBe(true);

  // Scrolling the focused tile's row out of view (the wheel) keeps focus on it, and the next arrow
  // goes on from it, scrolling it back.
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect(grid.locator('.tile[data-offset]').nth(20)).toBeVisible();
  await expect.poll(() => grid.evaluate((el) => el.querySelectorAll('.tile[data-offset="0"]').length)).toBe(1);
  expect(await focusedOffset(page)).toBe(0);
  expect(await focusedTileInView(grid)).toBe(false);
  await page.keyboard.press('ArrowRight');
  expect(await focusedOffset(page)).toBe(1);
  await expect.poll(() => focusedTileInView(grid)).toBe(true);

  // With focus elsewhere, the Tab stop is the first tile in view: Tab does not scroll back.
  await beforeGrid.focus();
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect(grid.locator('.tile[data-offset="1"]')).toHaveCount(0);
  const scrollTop = await grid.evaluate((el) => el.scrollTop);
  await page.keyboard.press('Tab');
  expect(await focusedOffset(page)).toBeGreaterThan(library.count / 3);
  expect(await focusedTileInView(grid)).toBe(true);
  expect(Math.abs((await grid.evaluate((el) => el.scrollTop)) - scrollTop)).toBeLessThan(2);
  await expect(tabStops).toHaveCount(1);
});

test('theme text colours and the accent link measure at least 4.5:1 in both themes', async ({ browser, emptyLibrary }) => {
  for (const theme of themes) {
    const context = await browser.newContext({ colorScheme: theme });
    const page = await context.newPage();
    await openApp(page, emptyLibrary.server);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    // The empty Library's link to the Sources screen is an accent link on the page background.
    const link = await textContrast(page, 'main a[href="#/sources"]');
    console.log(`${theme}: accent link ${link.color} on ${link.background}: ${link.ratio.toFixed(2)}:1`);
    expect(link.ratio, `${theme} accent link`).toBeGreaterThanOrEqual(4.5);
    const pairs = await themeTokenContrast(page);
    const low = pairs.filter((pair) => pair.ratio < 4.5).map((p) => `${p.foreground} on ${p.background}: ${p.ratio.toFixed(2)}`);
    expect(low, `${theme} token pairs under 4.5:1`).toEqual([]);
    await context.close();
  }
});

test('no interactive text under 13 px on the Library, Duplicates and Sources; screenshots in both themes', async ({ browser, polish }) => {
  const { server } = polish;
  for (const theme of themes) {
    const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1280, height: 820 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openApp(page, server);
    const grid = page.getByRole('region', { name: 'Photos by date' });
    await expect(grid.locator('img.tile-thumb').first()).toBeVisible();
    expect(await smallInteractiveText(page, '.app-header'), 'header').toEqual([]);
    expect(await smallInteractiveText(page, 'main'), `${theme} library`).toEqual([]);
    // A keyboard user's view: the focused tile's ring.
    await page.getByRole('button', { name: 'Dark theme' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await saveScreenshot(page, 'polish-library', theme);

    await page.getByRole('link', { name: 'Duplicates', exact: true }).click();
    await expect(page).toHaveTitle('Duplicates — Facet');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await smallInteractiveText(page, 'main'), `${theme} duplicates`).toEqual([]);

    await page.getByRole('link', { name: 'Sources', exact: true }).click();
    await expect(page).toHaveTitle('Sources — Facet');
    await page.getByRole('button', { name: 'Add S3 bucket…' }).click();
    await expect(page.getByLabel('Bucket', { exact: true })).toBeVisible();
    expect(await smallInteractiveText(page, 'main'), `${theme} sources`).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }
});
