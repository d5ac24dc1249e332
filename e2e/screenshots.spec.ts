import { expect, openApp, test } from './fixtures';
import { saveScreenshot, watchProblems } from './screenshots';

// Pictures for a person to look at, taken on a walk through every screen that must log no errors.
for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of the library, viewer and sources in the ${theme} theme`, async ({ page, indexedLibrary }) => {
    const problems = watchProblems(page);
    await page.emulateMedia({ colorScheme: theme });
    await openApp(page, indexedLibrary.server);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.getByRole('heading', { name: 'July 2023' })).toBeVisible();
    await saveScreenshot(page, 'library', theme);

    await page.getByRole('button', { name: /^IMG_0001\.jpg,/ }).click();
    await expect(page.getByRole('dialog', { name: 'IMG_0001.jpg' })).toContainText('Canon EOS R6');
    await saveScreenshot(page, 'viewer', theme);
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Sources' }).click();
    await expect(page.getByRole('heading', { name: 'Indexing errors' })).toBeVisible();
    await saveScreenshot(page, 'sources', theme, { fullPage: true });

    await page.getByRole('link', { name: 'Duplicates' }).click();
    await expect(page.getByRole('region', { name: /identical copies/ })).toBeVisible();
    await saveScreenshot(page, 'duplicates', theme);
    // No React warnings, CSP violations or failed requests on the way.
    expect(problems).toEqual([]);
  });
}
