import { expect, openApp, test } from './fixtures';

test.use({ colorScheme: 'light' });

test('the theme follows the system and the toggle switches and persists it', async ({ page, indexedLibrary }) => {
  await openApp(page, indexedLibrary.server);
  const html = page.locator('html');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const toggle = page.getByRole('button', { name: 'Dark theme' });

  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const light = await background();

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await background()).not.toBe(light);

  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe(light);
});

test('with no choice stored, a dark system gets the dark theme', async ({ browser, indexedLibrary }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await openApp(page, indexedLibrary.server);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await context.close();
});
