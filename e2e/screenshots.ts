/** Screenshot walks: where the pictures go, and the problems a page must not log on the way. */
import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

const screenshotDir = process.env.FACET_SCREENSHOT_DIR ?? '/tmp/facet-e2e-screenshots';

/** Page errors, React warnings, CSP violations and failed requests seen while `page` is used. */
export function watchProblems(page: Page): string[] {
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

/** Once the page is settled and its images on screen are loaded, saves <dir>/<name>-<theme>.png. */
export async function saveScreenshot(
  page: Page,
  name: string,
  theme: string,
  options: { fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } } = {},
): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.evaluate(visibleImagesLoaded)).toBe(true);
  await page.screenshot({ path: `${screenshotDir}/${name}-${theme}.png`, ...options });
}
