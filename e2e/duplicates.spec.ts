import { expect, openApp, test } from './fixtures';

test('exact and near duplicate groups are listed', async ({ page, indexedLibrary }) => {
  await openApp(page, indexedLibrary.server, 'duplicates');

  const exact = page.getByRole('tabpanel', { name: 'Exact duplicates' });
  const exactGroup = exact.getByRole('region', { name: /identical copies/ });
  await expect(exactGroup).toHaveCount(1);
  await expect(exactGroup.getByRole('button', { name: 'Open IMG_0001.jpg' })).toBeVisible();
  await expect(exactGroup.getByRole('button', { name: 'Open IMG_0001 copy.jpg' })).toBeVisible();

  await page.getByRole('tab', { name: 'Similar photos' }).click();
  const near = page.getByRole('tabpanel', { name: 'Similar photos' });
  const nearGroup = near.getByRole('region', { name: /similar photos/ }).filter({
    has: page.getByRole('button', { name: 'Open IMG_0001_small.jpg' }),
  });
  await expect(nearGroup).toHaveCount(1);
  await expect(nearGroup.getByRole('button', { name: 'Open IMG_0001.jpg' })).toBeVisible();

  await nearGroup.getByRole('button', { name: 'Open IMG_0001_small.jpg' }).click();
  await expect(page.getByRole('dialog', { name: 'IMG_0001_small.jpg' })).toBeVisible();
});
