import { rename } from 'node:fs/promises';
import { badFileName, expect, openApp, test } from './fixtures';

test('adding a folder by path shows progress to done and lists the file that failed', async ({ page, emptyLibrary }) => {
  const { server, photos } = emptyLibrary;
  await openApp(page, server);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
  await expect(page.getByText('No sources yet')).toBeVisible();

  // Progress is live: remember every progress text the page showed while indexing ran.
  const seen = new Set<string>();
  const status = page.getByRole('status', { name: /^Progress of / });
  const watcher = setInterval(() => {
    void status.textContent({ timeout: 100 }).then(
      (text) => text && seen.add(text),
      () => undefined,
    );
  }, 50);

  await page.getByLabel('Folder path').fill(photos.root);
  await page.getByRole('button', { name: 'Add folder' }).click();

  const card = page.getByRole('article', { name: 'photos' });
  await expect(card).toBeVisible();
  await expect(card.getByText(photos.root, { exact: true })).toBeVisible();
  await expect(status).toContainText('Done', { timeout: 90_000 });
  clearInterval(watcher);
  console.log(`progress texts seen: ${[...seen].join(' | ')}`);

  const images = photos.visible.filter((f) => f.mediaType === 'image').length;
  await expect(card).toContainText(`${images} photos`);
  await expect(card).toContainText('1 error');

  const errorRow = page.getByRole('row', { name: new RegExp(badFileName) });
  await expect(errorRow).toBeVisible();
  await expect(errorRow.getByRole('cell').nth(1)).not.toBeEmpty();
  await expect(errorRow.getByRole('cell').nth(2)).not.toBeEmpty();

  await expect(page.getByRole('contentinfo', { name: 'Library status' })).toContainText(`${images} photos`);
  // The face models ran on those photos: their execution provider shows in the status bar.
  await expect(page.getByRole('contentinfo', { name: 'Library status' })).toContainText(/Models on \w+/);
});

test('a path that is not a folder shows the engine message', async ({ page, emptyLibrary }) => {
  await openApp(page, emptyLibrary.server, 'sources');
  await page.getByLabel('Folder path').fill('/definitely/not/here');
  await page.getByRole('button', { name: 'Add folder' }).click();
  await expect(page.getByRole('alert')).toContainText('/definitely/not/here');
});

test('rescan and remove a source', async ({ page, emptyLibrary }) => {
  const { server, photos } = emptyLibrary;
  await server.call('addFolderSource', { path: photos.root });
  await openApp(page, server, 'sources');
  const card = page.getByRole('article', { name: 'photos' });
  await expect(card.getByRole('status')).toContainText('Done', { timeout: 90_000 });

  await card.getByRole('button', { name: 'Rescan' }).click();
  await expect(card.getByRole('status')).toContainText('Done', { timeout: 90_000 });

  await card.getByRole('button', { name: 'Remove' }).click();
  await card.getByRole('button', { name: 'Confirm remove' }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByText('No sources yet')).toBeVisible();
  expect(await server.call('listSources', {})).toEqual([]);
});

test('an S3 bucket with a bad name shows the engine message, and the secret is a password field', async ({ page, emptyLibrary }) => {
  await openApp(page, emptyLibrary.server, 'sources');
  await page.getByRole('button', { name: 'Add S3 bucket…' }).click();
  const form = page.getByRole('form', { name: 'Add S3 bucket' });
  await form.getByLabel('Endpoint').fill('http://127.0.0.1:9');
  await form.getByLabel('Bucket', { exact: true }).fill('Bad_Bucket!');
  await form.getByLabel('Path-style URLs', { exact: false }).check();
  await form.getByLabel('Access key ID').fill('AKIAEXAMPLE');
  await expect(form.getByLabel('Secret access key')).toHaveAttribute('type', 'password');
  await form.getByLabel('Secret access key').fill('not-a-real-secret');
  await form.getByRole('button', { name: 'Add bucket' }).click();
  await expect(form.getByRole('alert')).toContainText('bucket name must be 3-63 lowercase letters, digits, dots or hyphens');
  expect(await emptyLibrary.server.call('listSources', {})).toEqual([]);

  // A good name gets past the checks; `facet serve` here has no secret store key, so the engine refuses
  // to keep the keys, and says so. The secret is never shown back either way.
  await form.getByLabel('Bucket', { exact: true }).fill('holiday-photos');
  await form.getByLabel('Prefix').fill('2024/');
  await form.getByRole('button', { name: 'Add bucket' }).click();
  await expect(form.getByRole('alert')).toContainText('cannot keep the S3 keys');
  expect(await page.locator('body').innerText()).not.toContain('not-a-real-secret');
  expect(await emptyLibrary.server.call('listSources', {})).toEqual([]);
});

test('"Find very small faces" is off by default, states its cost, and is kept by the library', async ({ page, emptyLibrary }) => {
  const { server } = emptyLibrary;
  await openApp(page, server, 'sources');
  const setting = page.getByRole('checkbox', { name: 'Find very small faces' });
  await expect(setting).not.toBeChecked();
  await expect(page.getByRole('region', { name: 'Face detection' })).toContainText('about twice as long');

  await setting.check();
  await expect.poll(async () => (await server.call('getLibrarySettings', {})).findSmallFaces).toBe(true);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Find very small faces' })).toBeChecked();
});

test('pause indexing, add a folder, resume it, and try the failed file again', async ({ page, emptyLibrary }) => {
  const { server, photos } = emptyLibrary;
  await openApp(page, server, 'sources');
  await page.getByRole('button', { name: 'Pause indexing' }).click();
  await expect(page.getByText('Indexing is paused.')).toBeVisible();
  expect((await server.call('getStatus', {})).indexingPaused).toBe(true);

  await page.getByLabel('Folder path').fill(photos.root);
  await page.getByRole('button', { name: 'Add folder' }).click();
  const card = page.getByRole('article', { name: 'photos' });
  await expect(card).toBeVisible();
  // Found but not indexed while paused.
  await expect.poll(async () => (await server.call('getStatus', {})).pendingJobs, { timeout: 30_000 }).toBeGreaterThan(0);
  expect((await server.call('getStatus', {})).photos).toBe(0);

  await page.getByRole('button', { name: 'Resume indexing' }).click();
  await expect(page.getByRole('button', { name: 'Pause indexing' })).toBeVisible();
  const images = photos.visible.filter((f) => f.mediaType === 'image').length;
  await expect(card).toContainText(`${images} photos`, { timeout: 90_000 });
  const errorRow = page.getByRole('row', { name: new RegExp(badFileName) });
  await expect(errorRow).toBeVisible();

  // The file is still broken: tried again, it fails again with its reason.
  await page.getByRole('button', { name: 'Try these files again' }).click();
  await expect(page.getByText('Trying 1 file again.')).toBeVisible();
  await expect.poll(async () => (await server.call('getStatus', {})).pendingJobs, { timeout: 30_000 }).toBe(0);
  await expect(errorRow).toBeVisible();
  expect((await server.call('listErrors', {})).map((e) => e.path)).toEqual([expect.stringContaining(badFileName)]);
});

test('a scan that failed is listed with its reason under Background work, and retried from there', async ({ page, emptyLibrary }) => {
  const { server, photos } = emptyLibrary;
  await server.call('addFolderSource', { path: photos.root });
  await openApp(page, server, 'sources');
  const card = page.getByRole('article', { name: 'photos' });
  await expect(card.getByRole('status')).toContainText('Done', { timeout: 90_000 });
  const jobs = page.getByRole('region', { name: 'Background work' });
  await expect(jobs.getByText('Nothing running.')).toBeVisible({ timeout: 30_000 });

  // The folder goes away (an unplugged drive): the rescan fails, and the job is kept with why.
  const away = `${photos.root}-away`;
  await rename(photos.root, away);
  await card.getByRole('button', { name: 'Rescan' }).click();
  const failed = jobs.getByRole('row', { name: /Scan photos/ });
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed.getByRole('cell').nth(1)).toContainText(photos.root);
  await expect(failed.getByRole('cell').nth(1)).toContainText('folder not found');
  await expect(failed.getByRole('cell').nth(2)).toHaveText('1 try');
  expect((await server.call('getStatus', {})).jobs.failed).toEqual([expect.objectContaining({ kind: 'scan', label: 'Scan photos' })]);

  // Back again: Retry scans it, and the dead letter goes.
  await rename(away, photos.root);
  await failed.getByRole('button', { name: 'Retry Scan photos' }).click();
  await expect(jobs.getByRole('table', { name: 'Failed jobs' })).toHaveCount(0, { timeout: 60_000 });
  await expect.poll(async () => (await server.call('getStatus', {})).jobs, { timeout: 60_000 }).toEqual({ active: [], failed: [] });
  const images = photos.visible.filter((f) => f.mediaType === 'image').length;
  await expect(card).toContainText(`${images} photos`);
});
