import { expect, openApp, test } from './fixtures';

// Tall enough that the small library's grid is not virtualized away; big-library.spec.ts covers that.
test.use({ viewport: { width: 1280, height: 2400 } });

test('the grid shows every photo with its thumbnail under month headers', async ({ page, indexedLibrary }) => {
  const { server, photos } = indexedLibrary;
  const summaries = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items;
  const timeline = await server.call('getTimeline', {});
  await openApp(page, server);

  const grid = page.getByRole('region', { name: 'Photos by date' });
  // Months come from EXIF: the Paris photo (July 2023) and the iPhone photo (December 2022).
  await expect(grid.getByRole('heading', { name: 'July 2023' })).toBeVisible();
  await expect(grid.getByRole('heading', { name: 'December 2022' })).toBeVisible();
  await expect(grid.getByRole('heading', { level: 2 })).toHaveCount(timeline.length);

  for (const file of photos.visible) {
    const name = file.relPath.slice(file.relPath.lastIndexOf('/') + 1);
    await expect(grid.getByRole('button', { name: new RegExp(`^${escapeRegExp(name)},`) })).toBeVisible();
  }
  await expect(grid.getByRole('button')).toHaveCount(summaries.length);

  const withThumb = summaries.filter((p) => p.hasThumb);
  expect(withThumb.length).toBeGreaterThanOrEqual(photos.visible.length - 2);
  const thumbs = grid.locator('img.tile-thumb');
  await expect(thumbs).toHaveCount(withThumb.length);
  await expect.poll(() => thumbs.evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length)).toBe(withThumb.length);

  // Newest first: the July 2023 header comes before December 2022.
  const headers = await grid.getByRole('heading', { level: 2 }).allTextContents();
  expect(headers.indexOf('July 2023')).toBeLessThan(headers.indexOf('December 2022'));
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
