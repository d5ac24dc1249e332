import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { BUNDLED_PACK_DIR } from '../src/main/ml/faces';
import { faceByFace } from '../test/helpers/face-by-face';
import { formatBytes } from '../src/renderer/src/format';
import { bytesOnDisk, shownBytes, sizeInResult } from '../test/share/helpers';
import { datasetsDir, identityOf, personOf } from './face-library';
import type { FacetServer } from './facet-server';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';
import { draggedFile } from './dropped-file';

skipWithoutDatasets();

/** A selfie of Tony Blair that is in the library but not in the events made here. */
const heldOutSelfie = path.join(datasetsDir, 'lfw10', 'Tony_Blair', 'Tony_Blair_0005.jpg');

/** An event of the lfw10 photos of `identities`, leaving out the held-out selfie. */
async function makeEvent(server: FacetServer, name: string, identities: string[]): Promise<{ id: number; photos: number }> {
  const selfieName = path.basename(heldOutSelfie);
  const library = await server.call('listPhotos', { offset: 0, limit: 2000 });
  const photoIds = library.items.filter((p) => identities.includes(identityOf(p.fileName)) && p.fileName !== selfieName).map((p) => p.id);
  const event = await server.call('createEvent', { name, selection: { kind: 'photos', photoIds } });
  return { id: event.id, photos: photoIds.length };
}

/** A file dragged in from the desktop onto `selector`. */
async function dropFile(page: Page, selector: string, file: string): Promise<void> {
  const dataTransfer = await draggedFile(page, file);
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

test('a guest added by dropping a held-out selfie gets the photos they are in', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const event = await makeEvent(server, 'Summit', ['Tony_Blair', 'Colin_Powell']);
  await openApp(page, server, `events/${event.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Summit' })).toBeVisible();

  // The people of the event come from the faces of its photos.
  const people = page.getByRole('region', { name: 'People in this event' });
  await expect(people.getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Add guest…' }).click();
  const form = page.getByRole('form', { name: 'Add a guest' });
  await form.getByLabel('Guest name').fill('Anna Tee');
  await dropFile(page, '[aria-label="Selfies of the guest"]', heldOutSelfie);
  // The drop stayed in the form: no selfie search started.
  await expect(page).toHaveURL(new RegExp(`#/events/${event.id}$`));
  await expect(form.getByRole('list', { name: 'Chosen selfies' })).toContainText(path.basename(heldOutSelfie));
  await form.getByRole('button', { name: 'Add guest' }).click();

  const card = page.getByRole('list', { name: 'Guests of this event' }).getByRole('article', { name: 'Anna Tee' });
  await expect(card).toBeVisible({ timeout: 60_000 });
  const guest = (await server.call('listEventGuests', { eventId: event.id }))[0]!;
  expect(guest.photoCount).toBeGreaterThan(0);
  await expect(card).toContainText(`${guest.photoCount} photo`);

  // A new guest's photos are what the grid shows: all of them Tony Blair.
  await expect(card.getByRole('button', { name: 'Showing photos' })).toHaveAttribute('aria-pressed', 'true');
  const grid = page.getByRole('region', { name: 'Photos of Anna Tee at Summit' });
  await expect(grid.getByRole('button')).toHaveCount(guest.photoCount);
  const names = await grid.getByRole('button').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('aria-label') ?? ''));
  expect(names.every((n) => n.startsWith('Tony_Blair_'))).toBe(true);

  // Rename, then the selfie list of the editor.
  await card.getByRole('button', { name: 'Edit…' }).click();
  const editor = page.getByRole('region', { name: 'Edit guest Anna Tee' });
  await editor.getByLabel('Name', { exact: true }).fill('Anna T.');
  await editor.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('article', { name: 'Anna T.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Selfies of Anna T.' })).toContainText(path.basename(heldOutSelfie));

  // Removing goes at once, with Undo in the toast: the guest comes back with their photos.
  const toast = page.getByRole('status', { name: 'Notifications' });
  await page.getByRole('button', { name: 'Remove Anna T.' }).click();
  await expect(page.getByRole('article', { name: 'Anna T.' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Photos of Summit', exact: true })).toBeVisible();
  expect(await server.call('listEventGuests', { eventId: event.id })).toEqual([]);
  await expect(toast).toContainText('Anna T. removed from the guests.');
  await toast.getByRole('button', { name: 'Undo' }).click();
  const restored = page.getByRole('list', { name: 'Guests of this event' }).getByRole('article', { name: 'Anna T.' });
  await expect(restored).toContainText(`${guest.photoCount} photo`);
  expect((await server.call('listEventGuests', { eventId: event.id })).map((g) => [g.name, g.photoCount])).toEqual([['Anna T.', guest.photoCount]]);

  await page.getByRole('button', { name: 'Remove Anna T.' }).click();
  await expect(page.getByRole('article', { name: 'Anna T.' })).toHaveCount(0);
  expect(await server.call('listEventGuests', { eventId: event.id })).toEqual([]);
});

test('export for everyone writes a package per guest and lists them', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const event = await makeEvent(server, 'Summit export', ['Tony_Blair', 'Colin_Powell']);
  const selfie = { fileName: path.basename(heldOutSelfie), base64: (await readFile(heldOutSelfie)).toString('base64') };
  await server.call('addEventGuest', { eventId: event.id, name: 'Anna Tee', selfies: [selfie] });
  await openApp(page, server, `events/${event.id}`);

  const outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-everyone-'));
  try {
    await page.getByRole('button', { name: 'Export…' }).click();
    const form = page.getByRole('form', { name: 'Export event' });
    await form.getByRole('radio', { name: /^For everyone/ }).check();
    await form.getByLabel('Destination folder').fill(outside);
    await form.getByLabel('Format').selectOption('zip');
    await form.getByLabel('Watermark').fill('Summit 2024');
    await form.getByRole('checkbox', { name: 'Anna Tee (guest)' }).check();
    await expect(form.getByText(/face print of every face/)).toBeVisible();
    await form.getByRole('checkbox', { name: /^Include face search for guests/ }).check();
    // Before exporting: the bytes on disk the packages will take, face search runtime and models included.
    const estimate = form.getByText(/^About .+ on disk in 1 package\.$/);
    await expect(estimate).toBeVisible({ timeout: 60_000 });
    const estimated = shownBytes((await estimate.textContent())!);
    await form.getByRole('button', { name: 'Export for everyone' }).click();

    const result = form.getByRole('status');
    await expect(result).toContainText('Wrote 1 package', { timeout: 90_000 });
    const listed = form.getByRole('list', { name: 'Packages written' }).getByRole('listitem');
    await expect(listed).toHaveCount(1);
    await expect(listed.first()).toContainText('Anna Tee');
    const destination = await listed.first().locator('.metadata-path').textContent();
    expect(destination && existsSync(destination)).toBe(true);
    expect(await readdir(outside)).toEqual([path.basename(destination!)]);
    expect(path.basename(destination!)).toBe('anna-tee.zip');
    // The zip's size, as shown for the package and in all, to the display's rounding.
    const onDisk = (await stat(destination!)).size;
    expect(onDisk).toBeGreaterThan(5_000_000);
    await expect(listed.first()).toContainText(`, ${formatBytes(onDisk)} ·`);
    await expect(result).toContainText(`Wrote 1 package (${formatBytes(onDisk)} on disk)`);
    expect(Math.abs(estimated - onDisk) / onDisk).toBeLessThan(0.1);
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

test("a package exported with face search finds the selfie's photos in its viewer, offline, as the app does face by face", async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const event = await makeEvent(server, 'Summit search', ['Tony_Blair', 'Colin_Powell']);
  const selfie = { fileName: path.basename(heldOutSelfie), base64: (await readFile(heldOutSelfie)).toString('base64') };
  const inApp = await server.call('searchBySelfie', { images: [selfie], scope: { kind: 'event', eventId: event.id }, limit: 500 });
  expect(inApp.matches.length).toBeGreaterThan(0);
  await openApp(page, server, `events/${event.id}`);

  const outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-search-package-'));
  try {
    const destination = path.join(outside, 'summit');
    await page.getByRole('button', { name: 'Export…' }).click();
    const form = page.getByRole('form', { name: 'Export event' });
    await form.getByLabel('Destination folder').fill(destination);
    await form.getByRole('checkbox', { name: /^Include face search for guests/ }).check();
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(form.getByRole('status')).toContainText(`Exported ${event.photos} photos`, { timeout: 90_000 });
    // The size shown counts the search runtime and models the package carries, not only its photos.
    expect(sizeInResult(await form.getByRole('status').textContent())).toBe(formatBytes(bytesOnDisk(destination)));

    // The guest's side: the package opened from disk, the selfie searched by the models it carries.
    const viewer = await page.context().newPage();
    const requests: string[] = [];
    viewer.on('request', (request) => requests.push(request.url()));
    await viewer.goto(pathToFileURL(path.join(destination, 'index.html')).href);
    await viewer.setInputFiles('#selfie', heldOutSelfie);
    const expected = new Set(faceByFace(inApp, BUNDLED_PACK_DIR).map((m) => m.photo.sha256));
    expect(expected.size).toBeGreaterThan(0);
    await expect(viewer.locator('#find-status')).toHaveText(`You are in ${expected.size} photo${expected.size === 1 ? '' : 's'}.`, {
      timeout: 60_000,
    });
    const found = await viewer.locator('#grid .tile').evaluateAll((tiles) => tiles.map((t) => (t as HTMLElement).dataset.sha256));
    expect(new Set(found)).toEqual(expected);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    await viewer.close();
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

test('a package lists each person once: a guest linked to a named person is that person, in its viewer', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const event = await makeEvent(server, 'Summit names', ['Tony_Blair', 'Colin_Powell']);
  const powell = await personOf(server, 'Colin_Powell');
  const selfie = { fileName: path.basename(heldOutSelfie), base64: (await readFile(heldOutSelfie)).toString('base64') };
  await server.call('renamePerson', { personId: powell.id, name: 'Colin Powell' });
  const outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-names-'));
  const guests: number[] = [];
  try {
    guests.push((await server.call('addEventGuest', { eventId: event.id, name: 'Cid', personId: powell.id })).id);
    guests.push((await server.call('addEventGuest', { eventId: event.id, name: 'Anna Tee', selfies: [selfie] })).id);
    await openApp(page, server, `events/${event.id}`);
    const destination = path.join(outside, 'summit');
    await page.getByRole('button', { name: 'Export…' }).click();
    const form = page.getByRole('form', { name: 'Export event' });
    await form.getByLabel('Destination folder').fill(destination);
    for (const name of ['Colin Powell', 'Cid (guest)', 'Anna Tee (guest)']) await form.getByRole('checkbox', { name, exact: true }).check();
    await form.getByRole('button', { name: 'Export', exact: true }).click();
    const status = form.getByRole('status');
    await expect(status).toContainText(`Exported ${event.photos} photos`, { timeout: 90_000 });
    expect(sizeInResult(await status.textContent())).toBe(formatBytes(bytesOnDisk(destination)));

    // The guest's side: Cid is Colin Powell, named as the host named him; Anna Tee once; no "(guest)".
    const viewer = await page.context().newPage();
    await viewer.goto(pathToFileURL(path.join(destination, 'index.html')).href);
    const names = await viewer.locator('#filter option').allTextContents();
    expect(names).toEqual(['Everyone', 'Colin Powell', 'Anna Tee']);
    expect(new Set(names).size).toBe(names.length);
    const manifest = JSON.parse(await readFile(path.join(destination, 'manifest.json'), 'utf8')) as { people: { name: string; photos: string[] }[] };
    const colin = manifest.people.find((m) => m.name === 'Colin Powell')!;
    const cidPhotos = await server.call('listGuestPhotos', { guestId: guests[0]!, offset: 0, limit: 2000 });
    expect(cidPhotos.items.every((p) => colin.photos.includes(p.sha256))).toBe(true);
    await viewer.selectOption('#filter', { label: 'Colin Powell' });
    await expect(viewer.locator('#grid .tile')).toHaveCount(colin.photos.length);
    await viewer.close();
  } finally {
    // Leave the shared library as the other specs expect it: Powell unnamed, no guests.
    for (const guestId of guests) await server.call('removeEventGuest', { guestId });
    await server.call('renamePerson', { personId: powell.id, name: null });
    await rm(outside, { recursive: true, force: true });
  }
});

test('an event linked to a shared folder syncs and says what it pushed', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const event = await makeEvent(server, 'Summit sync', ['Hugo_Chavez']);
  await openApp(page, server, `events/${event.id}`);

  const shared = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-shared-'));
  try {
    await page.getByRole('button', { name: 'Sync…' }).click();
    const linkForm = page.getByRole('form', { name: 'Shared location' });
    await linkForm.getByLabel('Shared folder path').fill(shared);
    await linkForm.getByRole('button', { name: 'Link', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Sync', exact: true });
    await expect(panel).toContainText(`Linked to ${shared}`);
    await expect(panel).toContainText('not synced yet');

    await panel.getByRole('button', { name: 'Sync now' }).click();
    const result = panel.getByRole('status', { name: 'Last sync' });
    await expect(result).toBeVisible({ timeout: 90_000 });
    const pushed = Number(await result.getByRole('definition').first().textContent());
    await expect(result.getByRole('term').first()).toHaveText('Pushed');
    expect(pushed).toBeGreaterThan(0);
    await expect(panel).toContainText('last sync');
    expect((await readdir(shared, { recursive: true })).length).toBeGreaterThan(0);
    const status = await server.call('getEventSyncStatus', { eventId: event.id });
    expect(status.lastResult?.pushed).toBe(pushed);
  } finally {
    await rm(shared, { recursive: true, force: true });
  }
});
