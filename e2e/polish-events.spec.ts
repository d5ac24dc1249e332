import { expect, openApp } from './fixtures';
import { smallInteractiveText, test } from './polish-library';
import { saveScreenshot, watchProblems } from './screenshots';

test('suggestions appear on their own, named from their times, covered by the friend rather than a stranger', async ({ page, polish }) => {
  const { server, library } = polish;
  // Nobody asked for suggestions yet: none are stored.
  expect(await server.call('listEventSuggestions', {})).toEqual([]);

  await openApp(page, server, 'events');
  await expect(page).toHaveTitle('Events — Facet');
  await expect(page.getByRole('button', { name: 'Find suggestions' })).toHaveCount(0);
  for (const run of library.runs) {
    const card = page.getByRole('article', { name: `Suggestion: ${run.name}` });
    await expect(card).toBeVisible();
    await expect(card).toContainText(`${run.photoIds.length} photos`);
    await expect(card.getByLabel('Event name')).toHaveValue(run.name);
  }
  // The afternoon opens with a stranger's sharp portrait; its cover is the friend's best photo.
  const [afternoon] = library.runs;
  expect(afternoon!.coverId).not.toBe(afternoon!.firstId);
  const cover = page.getByRole('article', { name: `Suggestion: ${afternoon!.name}` }).locator('img.event-cover');
  await expect(cover).toHaveAttribute('data-photo-id', String(afternoon!.coverId));
  await expect(page.getByRole('status').filter({ hasText: 'Looking for new suggestions' })).toHaveCount(0);
});

test('at 1440 px the Dismiss button keeps clear of its card border; no small interactive text; screenshots', async ({ browser, polish }) => {
  const { server, library } = polish;
  for (const theme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openApp(page, server, 'events');
    const cards = page.getByRole('article', { name: /^Suggestion: / });
    await expect(cards.first()).toBeVisible();
    await expect(cards).toHaveCount((await server.call('listEventSuggestions', {})).length);
    for (const card of await cards.all()) {
      const outer = (await card.boundingBox())!;
      const accept = (await card.getByRole('button', { name: 'Accept' }).boundingBox())!;
      const dismiss = (await card.getByRole('button', { name: 'Dismiss' }).boundingBox())!;
      const name = await card.getAttribute('aria-label');
      expect(outer.x + outer.width - (dismiss.x + dismiss.width), `${name}: space right of Dismiss`).toBeGreaterThanOrEqual(8);
      expect(outer.y + outer.height - (dismiss.y + dismiss.height), `${name}: space under Dismiss`).toBeGreaterThanOrEqual(8);
      const apart = dismiss.x >= accept.x + accept.width || dismiss.y >= accept.y + accept.height;
      expect(apart, `${name}: Accept and Dismiss do not overlap`).toBe(true);
    }
    expect(await smallInteractiveText(page, '.app-header')).toEqual([]);
    expect(await smallInteractiveText(page, 'main'), `${theme} events`).toEqual([]);
    await expect(page.getByRole('article', { name: `Suggestion: ${library.runs[0]!.name}` }).locator('img.event-cover')).toBeVisible();
    await saveScreenshot(page, 'polish-events', theme);
    expect(problems).toEqual([]);
    await context.close();
  }
});

test('an accepted suggestion becomes an event whose "Add as guest" reads at 13 px or more', async ({ page, polish }) => {
  const { server, library } = polish;
  const [afternoon, evening] = library.runs;
  await openApp(page, server, 'events');

  const dismissed = page.getByRole('article', { name: `Suggestion: ${evening!.name}` });
  await dismissed.getByRole('button', { name: 'Dismiss' }).click();
  await expect(dismissed).toHaveCount(0);

  const card = page.getByRole('article', { name: `Suggestion: ${afternoon!.name}` });
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(card).toHaveCount(0);
  await page.getByRole('link', { name: afternoon!.name }).click();
  const addGuest = page.getByRole('button', { name: 'Add Sam as a guest' });
  await expect(addGuest).toBeVisible();
  expect(await smallInteractiveText(page, 'section[aria-label="People in this event"]')).toEqual([]);
  expect(await smallInteractiveText(page, 'section[aria-label="Guests"]')).toEqual([]);
  // The window says which event it shows.
  await expect(page).toHaveTitle(`${afternoon!.name} — Facet`);
  // Reloading does not bring answered suggestions back.
  await page.goto(`${server.origin}/#/events`);
  await expect(page.getByRole('article', { name: /^Suggestion: / }).first()).toBeVisible();
  await expect(page.getByRole('article', { name: `Suggestion: ${afternoon!.name}` })).toHaveCount(0);
  await expect(page.getByRole('article', { name: `Suggestion: ${evening!.name}` })).toHaveCount(0);
});
