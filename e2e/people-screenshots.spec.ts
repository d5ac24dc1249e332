import path from 'node:path';
import { datasetsDir, personOf } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';
import { saveScreenshot, watchProblems } from './screenshots';

skipWithoutDatasets();

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of people, search, viewer faces and events in the ${theme} theme`, async ({ page, splitFaceLibrary }) => {
    // People split by a strict merge threshold: the "same person?" section has pairs to show.
    const { server } = splitFaceLibrary;
    const problems = watchProblems(page);
    const shot = (name: string) => saveScreenshot(page, name, theme);
    await page.emulateMedia({ colorScheme: theme });

    await openApp(page, server, 'people');
    await expect(page.locator('article.person-card').first()).toBeVisible();
    const samePerson = page.getByRole('region', { name: 'Same person?' });
    await expect(samePerson.getByRole('listitem').first()).toBeVisible();
    await shot('people');
    const section = (await samePerson.boundingBox())!;
    await saveScreenshot(page, 'people-same-person', theme, {
      clip: { x: 0, y: section.y - 8, width: page.viewportSize()!.width, height: section.height + 16 },
    });

    // The merge picker, searching: faces, names and photo counts.
    const firstCard = page.locator('article.person-card').first();
    await firstCard.getByRole('button', { name: /^Merge .* into…$/ }).click();
    await page.keyboard.type('Unnamed person 1');
    await expect(firstCard.getByRole('listbox', { name: 'Merge into' }).getByRole('option').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await shot('people-merge-picker');
    // Escape closes the list, then the form.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(firstCard.getByRole('combobox', { name: 'Merge into' })).toHaveCount(0);

    const bush = await personOf(server, 'George_W_Bush');
    await page.goto(`${server.origin}/#/people/${bush.id}`);
    await expect(
      page
        .getByRole('region', { name: /^Faces of / })
        .getByRole('button')
        .first(),
    ).toBeVisible();
    await page
      .getByRole('region', { name: /^Faces of / })
      .getByRole('button', { name: /^Face \d+$/ })
      .nth(1)
      .click();
    await expect(
      page
        .getByRole('region', { name: /^Photos of / })
        .getByRole('button')
        .first(),
    ).toBeVisible();
    await shot('person');

    await page
      .getByRole('region', { name: /^Photos of / })
      .getByRole('button')
      .first()
      .click();
    await expect(page.getByRole('dialog').getByRole('link', { name: /^Face 1: / })).toBeVisible();
    await shot('viewer-faces');
    // Fixing a face from its box: the tools beside the photo, the picker open.
    await page
      .getByRole('dialog')
      .getByRole('link', { name: /^Face 1: / })
      .hover();
    await page.getByRole('dialog').getByRole('button', { name: 'Fix face 1', exact: true }).click();
    await page.getByRole('dialog').getByRole('combobox', { name: 'Assign to' }).fill('Unnamed');
    await shot('viewer-face-fix');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await page.goto(`${server.origin}/#/people/unsorted`);
    await expect(page.getByRole('heading', { name: 'Unsorted faces' })).toBeVisible();
    await shot('unsorted');

    await page.getByLabel('Selfie image files').setInputFiles(path.join(datasetsDir, 'tvcast-scenes', 'bbt2.jpg'));
    await expect(page.getByRole('list', { name: 'Matches' }).getByRole('button').first()).toBeVisible({ timeout: 60_000 });
    await shot('search');

    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Suggestions' })).toBeVisible();
    // Suggestions are computed as the screen opens.
    await expect(page.getByRole('status').filter({ hasText: 'Looking for new suggestions' })).toHaveCount(0);
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
