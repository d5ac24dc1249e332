import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeGroupPhoto, writeLandscape } from '../test/faces/helpers';
import { startFacetServer, waitUntilIndexed, type FacetServer } from './facet-server';
import { expect, openApp, test as base } from './fixtures';

/** A library of its own (its face data is deleted): a group photo with faces and a landscape. */
const test = base.extend<{ faceLibrary2: FacetServer }>({
  faceLibrary2: async ({}, use) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-settings-'));
    const photos = path.join(root, 'photos');
    await writeGroupPhoto(path.join(photos, 'group.jpg'), 1);
    await writeLandscape(path.join(photos, 'landscape.jpg'));
    const server = await startFacetServer(path.join(root, 'library'));
    try {
      await server.call('addFolderSource', { path: photos });
      await waitUntilIndexed(server, 2);
      await expect.poll(async () => (await server.call('getFaceRecognition', {})).faces, { timeout: 60_000 }).toBeGreaterThan(0);
      await use(server);
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
});

test('settings show the library size by part, and a preview cache limit that previews obey', async ({ page, faceLibrary2 }) => {
  await openApp(page, faceLibrary2, 'settings');
  const sizes = page.getByRole('table', { name: 'Library size by part' });
  for (const part of ['Catalog', 'Face index', 'Face crops', 'Previews', 'Thumbnails', 'Imports and sync', 'Logs and backups', 'Total']) {
    await expect(sizes.getByRole('rowheader', { name: part })).toBeVisible();
  }
  const cache = page.getByLabel('Preview cache', { exact: true });
  await expect(cache).toContainText(/^2 previews, .*, no limit\./);

  await page.getByRole('spinbutton', { name: 'Preview cache limit (MB)' }).fill('0');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(cache).toContainText(/^0 previews, 0 bytes of at most 0 bytes\./);
  await expect(sizes.getByRole('row', { name: 'Previews' })).toHaveText('Previews0 bytes');

  // Viewing a photo makes its preview again (the full 960 px picture, not the 256 px thumbnail).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('button', { name: /^group\.jpg,/ }).click();
  const viewer = page.getByRole('dialog', { name: 'group.jpg' });
  await expect.poll(() => viewer.getByRole('img', { name: 'group.jpg' }).evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(960);
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(cache).toContainText(/^1 preview, /);
});

test('face recognition can be switched off keeping the faces, and all face data deleted', async ({ page, faceLibrary2 }) => {
  const { faces } = await faceLibrary2.call('getFaceRecognition', {});
  await openApp(page, faceLibrary2, 'settings');
  const privacy = page.getByRole('region', { name: 'Face recognition' });
  const toggle = privacy.getByRole('switch', { name: 'Face recognition' });
  await expect(toggle).toBeChecked();
  await expect(privacy).toContainText(`The library holds ${faces} faces`);

  await toggle.click();
  const ask = page.getByRole('alertdialog', { name: 'Turn face recognition off?' });
  await ask.getByRole('radio', { name: /Keep it/ }).check();
  await ask.getByRole('button', { name: 'Turn off' }).click();
  await expect(toggle).not.toBeChecked();
  await expect(privacy).toContainText(`Off: photos are indexed without looking for faces. The library holds ${faces} faces`);
  expect((await faceLibrary2.call('getFaceRecognition', {})).enabled).toBe(false);

  await privacy.getByRole('button', { name: 'Delete all face data' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete all face data?' });
  await expect(confirm).toContainText('in the catalog backups too');
  await confirm.getByRole('button', { name: 'Delete all face data' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`Deleted ${faces} faces`);
  await expect(privacy).toContainText('The library holds 0 faces of 0 people.');
  expect(await faceLibrary2.call('listPeople', { includeHidden: true })).toEqual([]);

  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Face recognition is on');
});
