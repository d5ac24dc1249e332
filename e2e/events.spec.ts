import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/renderer/src/format';
import { bytesOnDisk, shownBytes, sizeInResult } from '../test/share/helpers';
import { partyFolder } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';

skipWithoutDatasets();

test('create an event, add a folder of photos, export it', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const cast = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items.filter((p) => /^[a-z]+\d\.png$/.test(p.fileName));
  await openApp(page, server, 'events');

  await page.getByLabel('New event').fill('Cast portraits');
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cast portraits' })).toBeVisible();
  await expect(page.getByText('No photos.')).toBeVisible();

  await page.getByRole('button', { name: 'Add photos…' }).click();
  await page.getByLabel('Folder in the source').fill('tvcast');
  await page.getByRole('button', { name: 'Add to event' }).click();
  await expect(page.getByRole('form', { name: 'Add photos' }).getByRole('status')).toHaveText(`Added ${cast.length} photos.`);
  const grid = page.getByRole('region', { name: 'Photos of Cast portraits' });
  await expect(page.getByText(`${cast.length} photos`, { exact: true })).toBeVisible();
  await expect(grid.getByRole('button').first()).toBeVisible();
  // The portraits carry no capture date: the event has no span to show rather than a made-up one.
  await expect(page.getByText('No dates', { exact: true })).toBeVisible();
  // Its people, in one call: each portrait's person, with the photos of the event they are in.
  const people = page.getByRole('region', { name: 'People in this event' });
  await expect(people.getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
  const eventPeople = await server.call('listEventPeople', { eventId: Number(/#\/events\/(\d+)/.exec(page.url())![1]) });
  await expect(people.getByRole('listitem')).toHaveCount(eventPeople.length);
  await expect(people.getByRole('listitem').first()).toContainText(`${eventPeople[0]!.photoCount} photo`);

  const outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-export-'));
  try {
    const destination = path.join(outside, 'cast');
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByLabel('Destination folder').fill(destination);
    const form = page.getByRole('form', { name: 'Export event' });
    // The size is shown before exporting: an estimate of the bytes on disk.
    const estimate = form.getByText(/^About .+ on disk\.$/);
    await expect(estimate).toBeVisible({ timeout: 30_000 });
    const estimated = shownBytes((await estimate.textContent())!);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const status = form.getByRole('status');
    await expect(status).toContainText(`Exported ${cast.length} photos`, { timeout: 60_000 });
    expect((await readdir(destination)).length).toBeGreaterThan(0);
    // What the result says the package takes is what its files take on disk, to the display's rounding.
    const onDisk = bytesOnDisk(destination);
    expect(sizeInResult(await status.textContent())).toBe(formatBytes(onDisk));
    expect(Math.abs(estimated - onDisk) / onDisk).toBeLessThan(0.2);
  } finally {
    await rm(outside, { recursive: true, force: true });
  }

  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Name of this event' }).fill('The cast');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'The cast' })).toBeVisible();
  await page.getByRole('link', { name: '← Events' }).click();
  await expect(page.getByRole('link', { name: 'The cast' })).toContainText(`${cast.length} photos · No dates`);

  // Deleting asks first, and keeps the photos.
  await page.getByRole('link', { name: 'The cast' }).click();
  await page.getByRole('button', { name: 'Delete event…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete The cast?' });
  await expect(dialog).toContainText(`its ${cast.length} photos stay in the library`);
  await dialog.getByRole('button', { name: 'Delete event' }).click();
  await expect(page).toHaveURL(/#\/events$/);
  await expect(page.getByRole('link', { name: 'The cast' })).toHaveCount(0);
  expect((await server.call('getStatus', {})).photos).toBe(faceLibrary.photoCount);
});

test('a suggested event from photos of one evening is accepted under a new name', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const party = (await server.call('listPhotos', { offset: 0, limit: 2000 })).items.filter((p) => p.takenAt?.startsWith('2019-05-04'));
  expect(party.length, `the ${partyFolder} photos carry a capture date`).toBeGreaterThan(4);
  await openApp(page, server, 'events');

  // Suggestions are computed as the screen opens, and named from their capture times.
  const suggestion = page.getByRole('article', { name: 'Suggestion: Saturday evening, 4 May 2019' });
  await expect(suggestion).toContainText(`${party.length} photos`);
  await suggestion.getByLabel('Event name').fill('Party at Penny’s');
  await suggestion.getByRole('button', { name: 'Accept' }).click();
  await expect(suggestion).toHaveCount(0);

  const event = page.getByRole('link', { name: 'Party at Penny’s' });
  await expect(event).toContainText(`${party.length} photos`);
  await event.click();
  await expect(page.getByRole('region', { name: 'Photos of Party at Penny’s' }).getByRole('button')).toHaveCount(party.length);

  // The event narrows a selfie search.
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  await page.getByLabel('Search in').selectOption({ label: 'Event: Party at Penny’s' });
  await expect(page.getByLabel('Search in')).toHaveValue(/^event:\d+$/);
});
