import path from 'node:path';
import { datasetsDir, personOf } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';
import { saveScreenshot, watchProblems } from './screenshots';

skipWithoutDatasets();

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of people, search, viewer faces and events in the ${theme} theme`, async ({ page, faceLibrary }) => {
    const { server } = faceLibrary;
    const problems = watchProblems(page);
    const shot = (name: string) => saveScreenshot(page, name, theme);
    await page.emulateMedia({ colorScheme: theme });

    await openApp(page, server, 'people');
    await expect(page.locator('article.person-card').first()).toBeVisible();
    await shot('people');

    const bush = await personOf(server, 'George_W_Bush');
    await page.goto(`${server.origin}/#/people/${bush.id}`);
    await expect(page.getByRole('region', { name: /^Faces of / }).getByRole('button').first()).toBeVisible();
    await page.getByRole('region', { name: /^Faces of / }).getByRole('button').nth(1).click();
    await expect(page.getByRole('region', { name: /^Photos of / }).getByRole('button').first()).toBeVisible();
    await shot('person');

    await page.getByRole('region', { name: /^Photos of / }).getByRole('button').first().click();
    await expect(page.getByRole('dialog').getByRole('link', { name: /^Face 1: / })).toBeVisible();
    await shot('viewer-faces');
    await page.keyboard.press('Escape');

    await page.goto(`${server.origin}/#/people/unsorted`);
    await expect(page.getByRole('heading', { name: 'Unsorted faces' })).toBeVisible();
    await shot('unsorted');

    await page.getByLabel('Selfie image files').setInputFiles(path.join(datasetsDir, 'tvcast-scenes', 'bbt2.jpg'));
    await expect(page.getByRole('list', { name: 'Matches' }).getByRole('button').first()).toBeVisible({ timeout: 60_000 });
    await shot('search');

    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Suggestions' })).toBeVisible();
    await page.getByRole('button', { name: 'Find suggestions' }).click();
    await shot('events');

    // The drop overlay, as a file dragged in from the desktop shows it.
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([0xff, 0xd8])], 'me.jpg', { type: 'image/jpeg' }));
      return transfer;
    });
    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await expect(page.getByRole('status', { name: 'Drop to search by selfie' })).toBeVisible();
    await shot('drop-overlay');
    await page.dispatchEvent('main', 'dragleave', { dataTransfer });
    await expect(page.getByRole('status', { name: 'Drop to search by selfie' })).toHaveCount(0);

    expect(problems).toEqual([]);
  });
}
