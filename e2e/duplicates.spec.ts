import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeDuplicatePhotos } from '../test/fixtures/duplicate-photos';
import { startFacetServer, waitUntilIndexed, type FacetServer } from './facet-server';
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

/** A library of its own (the shared one must keep its files): one scene four ways, trashed into a temp XDG trash. */
const dupes = test.extend<{ dupesLibrary: { server: FacetServer; photos: string; trashHome: string } }>({
  dupesLibrary: async ({}, use) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-dupes-'));
    const photos = path.join(root, 'photos');
    await writeDuplicatePhotos(photos);
    const trashHome = path.join(root, 'xdg');
    const server = await startFacetServer(path.join(root, 'library'), { env: { XDG_DATA_HOME: trashHome } });
    try {
      await server.call('addFolderSource', { path: photos });
      await waitUntilIndexed(server, 4);
      await use({ server, photos, trashHome });
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
});

dupes('suggests a keeper with the reason; keep it and hide the rest, then undo', async ({ page, dupesLibrary }) => {
  await openApp(page, dupesLibrary.server, 'duplicates');
  const group = page.getByRole('tabpanel', { name: 'Exact duplicates' }).getByRole('region', { name: /identical copies/ });
  await expect(group.getByText(/Suggested to keep: beach( copy)?\.jpg — Same size and sharpness; /)).toBeVisible();
  await group.getByRole('radio', { name: 'Keep beach.jpg' }).check();
  await group.getByRole('button', { name: 'Keep this, hide the rest' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Kept one, hid 1 photo from the library.');
  await expect(page.getByText('No identical copies found.')).toBeVisible();

  await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Exact duplicates' }).getByRole('region', { name: /identical copies/ })).toHaveCount(1);
});

dupes('moves the rest to the system trash after a confirmation naming the files, and puts them back', async ({ page, dupesLibrary }) => {
  await openApp(page, dupesLibrary.server, 'duplicates');
  await page.getByRole('tab', { name: 'Similar photos' }).click();
  const group = page.getByRole('tabpanel', { name: 'Similar photos' }).getByRole('region', { name: /4 similar photos/ });
  await expect(group.getByText(/Suggested to keep: beach( copy)?\.jpg — Sharpest of the same size \(1200 × 900\)/)).toBeVisible();
  await group.getByRole('radio', { name: 'Keep beach.jpg' }).check();
  await group.getByRole('button', { name: 'Move the rest to the trash' }).click();

  const dialog = page.getByRole('alertdialog', { name: 'Move 3 files to the trash?' });
  for (const name of ['beach copy.jpg', 'beach small.jpg', 'beach soft.jpg'])
    await expect(dialog.getByText(path.join(dupesLibrary.photos, name))).toBeVisible();
  await expect(dialog.getByText(path.join(dupesLibrary.photos, 'beach.jpg'), { exact: true })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Move to the trash' }).click();

  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Moved 3 photos to the system trash.');
  await expect(page.getByText('No near-duplicate photos found.')).toBeVisible();
  expect(await readdir(dupesLibrary.photos)).toEqual(['beach.jpg']);
  expect(await readdir(path.join(dupesLibrary.trashHome, 'Trash', 'info'))).toHaveLength(3);

  await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Put back from the trash: 3 photos.');
  expect((await readdir(dupesLibrary.photos)).sort()).toEqual(['beach copy.jpg', 'beach small.jpg', 'beach soft.jpg', 'beach.jpg']);
  // Indexed again: the group comes back.
  await expect(page.getByRole('tabpanel', { name: 'Similar photos' }).getByRole('region', { name: /4 similar photos/ })).toHaveCount(1, { timeout: 30_000 });
});
