import { mkdir } from 'node:fs/promises';
import { expect, openApp, test } from './fixtures';

const screenshotDir = process.env.FACET_SCREENSHOT_DIR ?? '/tmp/facet-e2e-screenshots';

// Pictures for a person to look at, taken on a walk through every screen that must log no errors.
for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of the library, viewer and sources in the ${theme} theme`, async ({ page, indexedLibrary }) => {
    await mkdir(screenshotDir, { recursive: true });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // Failed requests are reported with their URL below.
      if (message.text().startsWith('Failed to load resource')) return;
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.emulateMedia({ colorScheme: theme });
    await openApp(page, indexedLibrary.server);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.getByRole('heading', { name: 'July 2023' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${screenshotDir}/library-${theme}.png` });

    await page.getByRole('button', { name: /^IMG_0001\.jpg,/ }).click();
    await expect(page.getByRole('dialog', { name: 'IMG_0001.jpg' })).toContainText('Canon EOS R6');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${screenshotDir}/viewer-${theme}.png` });
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Sources' }).click();
    await expect(page.getByRole('heading', { name: 'Indexing errors' })).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}/sources-${theme}.png`, fullPage: true });

    await page.getByRole('link', { name: 'Duplicates' }).click();
    await expect(page.getByRole('region', { name: /identical copies/ })).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}/duplicates-${theme}.png` });
    // No React warnings, CSP violations or failed requests on the way.
    expect(problems).toEqual([]);
  });
}
