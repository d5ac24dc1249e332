import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { datasetsDir, personOf } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';

skipWithoutDatasets();

const screenshotDir = process.env.FACET_SCREENSHOT_DIR ?? '/tmp/facet-e2e-screenshots';

/** Page errors, React warnings, CSP violations and failed requests seen while `page` is used. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.text().startsWith('Failed to load resource')) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

/** Lazy images on screen have loaded (network idle alone does not say they were requested). */
function visibleImagesLoaded(): boolean {
  return [...document.images].every((img) => {
    const r = img.getBoundingClientRect();
    const onScreen = r.width > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    return !onScreen || (img.complete && img.naturalWidth > 0);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of people, search, viewer faces and events in the ${theme} theme`, async ({ page, faceLibrary }) => {
    const { server } = faceLibrary;
    await mkdir(screenshotDir, { recursive: true });
    const problems = watchProblems(page);
    const shot = async (name: string) => {
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.evaluate(visibleImagesLoaded)).toBe(true);
      await page.screenshot({ path: `${screenshotDir}/${name}-${theme}.png` });
    };
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
