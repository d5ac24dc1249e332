import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { datasetsDir, identityOf } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';
import { saveScreenshot, watchProblems } from './screenshots';

skipWithoutDatasets();

// Pictures of the event page's guests, people, export and sync panels, and the S3 source form.
for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of an event's guests, export and sync, and the S3 form in the ${theme} theme`, async ({ page, faceLibrary }) => {
    const { server } = faceLibrary;
    const problems = watchProblems(page);
    const shot = (name: string, fullPage = false) => saveScreenshot(page, name, theme, { fullPage });
    await page.emulateMedia({ colorScheme: theme });

    const library = await server.call('listPhotos', { offset: 0, limit: 2000 });
    const selfieName = 'Vladimir_Putin_0004.jpg';
    const photoIds = library.items
      .filter((p) => ['Vladimir_Putin', 'Gerhard_Schroeder', 'Jacques_Chirac'].includes(identityOf(p.fileName)) && p.fileName !== selfieName)
      .map((p) => p.id);
    const event = await server.call('createEvent', { name: `Summit pictures ${theme}`, selection: { kind: 'photos', photoIds } });
    const selfie = path.join(datasetsDir, 'lfw10', 'Vladimir_Putin', selfieName);
    await server.call('addEventGuest', {
      eventId: event.id,
      name: 'Vera Pe',
      selfies: [{ fileName: selfieName, base64: (await readFile(selfie)).toString('base64') }],
    });

    await openApp(page, server, `events/${event.id}`);
    await expect(page.getByRole('region', { name: 'People in this event' }).getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Add guest…' }).click();
    await page.getByLabel('Selfies of the guest: image files').setInputFiles(selfie);
    await expect(page.getByRole('list', { name: 'Chosen selfies' })).toBeVisible();
    await shot('event-guests');
    await page.getByRole('form', { name: 'Add a guest' }).getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('article', { name: 'Vera Pe' }).getByRole('button', { name: 'Show photos' }).click();
    await expect(
      page
        .getByRole('region', { name: `Photos of Vera Pe at ${event.name}` })
        .getByRole('button')
        .first(),
    ).toBeVisible();
    await page.getByRole('article', { name: 'Vera Pe' }).getByRole('button', { name: 'Edit…' }).click();
    await shot('event-guest-photos');

    const outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-shots-'));
    try {
      await page.getByRole('button', { name: 'Export…' }).click();
      const exportForm = page.getByRole('form', { name: 'Export event' });
      await exportForm.getByRole('radio', { name: /^For everyone/ }).check();
      await exportForm.getByLabel('Destination folder').fill(path.join(outside, 'everyone'));
      await exportForm.getByRole('checkbox', { name: /^Include face search/ }).check();
      await exportForm.getByRole('button', { name: 'Export for everyone' }).click();
      await expect(exportForm.getByRole('status')).toContainText('Wrote 1 package', { timeout: 90_000 });
      await shot('event-export', true);
      await page.getByRole('button', { name: 'Export…' }).click();

      await page.getByRole('button', { name: 'Sync…' }).click();
      await page.getByRole('form', { name: 'Shared location' }).getByLabel('An S3 bucket').check();
      await shot('event-sync-s3-form', true);
      await page.getByRole('form', { name: 'Shared location' }).getByLabel('A shared folder').check();
      await mkdir(path.join(outside, 'shared'));
      await page.getByLabel('Shared folder path').fill(path.join(outside, 'shared'));
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await expect(page.getByRole('status', { name: 'Last sync' })).toBeVisible({ timeout: 90_000 });
      await shot('event-sync', true);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }

    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByRole('button', { name: 'Add S3 bucket…' }).click();
    await page.getByLabel('Bucket', { exact: true }).fill('holiday-photos');
    await page.getByLabel('Secret access key').fill('secret');
    await shot('sources-s3', true);
    expect(problems).toEqual([]);
  });
}
