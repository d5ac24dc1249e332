import path from 'node:path';
import { datasetsDir, identityOf, personOf } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';
import { draggedFile } from './dropped-file';

skipWithoutDatasets();

const putinSelfie = path.join(datasetsDir, 'lfw10', 'Vladimir_Putin', 'Vladimir_Putin_0004.jpg');
const groupPhoto = path.join(datasetsDir, 'tvcast-scenes', 'bbt1.jpg');

test('dropping a selfie anywhere shows that person first, with the name suggested', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const putin = await personOf(server, 'Vladimir_Putin');
  await server.call('renamePerson', { personId: putin.id, name: 'Vladimir Putin' });
  await openApp(page, server, 'sources');

  const dataTransfer = await draggedFile(page, putinSelfie);
  await page.dispatchEvent('.sources', 'dragenter', { dataTransfer });
  await expect(page.getByRole('status', { name: 'Drop to search by selfie' })).toBeVisible();
  await page.dispatchEvent('.sources', 'drop', { dataTransfer });
  await expect(page.getByRole('status', { name: 'Drop to search by selfie' })).toHaveCount(0);

  await expect(page).toHaveURL(/#\/search$/);
  const matches = page.getByRole('list', { name: 'Matches' }).getByRole('button');
  await expect(matches.first()).toBeVisible({ timeout: 60_000 });
  const names = await matches.evaluateAll((cards) => cards.slice(0, 5).map((c) => c.getAttribute('aria-label') ?? ''));
  expect(names.map((n) => identityOf(n.replace(/^\d+\. /, '').replace(/, \d+% match$/, '')))).toEqual(Array(5).fill('Vladimir_Putin'));
  await expect(matches.first()).toHaveAccessibleName(/^1\. Vladimir_Putin_0004\.jpg, \d+% match$/);
  await expect(page.getByRole('note')).toContainText('This looks like Vladimir Putin');

  // A match opens in the viewer, whose face box leads to the person.
  await matches.nth(1).click();
  const viewer = page.getByRole('dialog');
  const box = viewer.getByRole('link', { name: /^Face \d+: Vladimir Putin$/ });
  await expect(box).toBeVisible();
  await expect(viewer.getByRole('region', { name: 'People in this photo' })).toContainText('Vladimir Putin');
  await box.click();
  await expect(page).toHaveURL(new RegExp(`#/people/${putin.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Vladimir Putin' })).toBeVisible();
});

test('"Search by selfie…" with a group photo offers each face to search for', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  await openApp(page, server, 'library');
  await page.getByLabel('Selfie image files').setInputFiles(groupPhoto);
  await expect(page).toHaveURL(/#\/search$/);

  const chips = page.getByRole('group', { name: 'Faces in the query photo' }).getByRole('button');
  await expect(chips.first()).toBeVisible({ timeout: 60_000 });
  expect(await chips.count()).toBeGreaterThan(1);
  await expect(chips.first()).toHaveAttribute('aria-pressed', 'true');
  const matches = page.getByRole('list', { name: 'Matches' }).getByRole('button');
  // The face itself (the query photo is in the library) ranks first.
  await expect(matches.first()).toHaveAccessibleName(/^1\. bbt1\.jpg, /);
  const firstFace = await matches.first().getAttribute('data-face-id');

  await chips.nth(1).click();
  await expect(chips.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(matches.first()).not.toHaveAttribute('data-face-id', firstFace!);
  await expect(matches.first()).toHaveAccessibleName(/^1\. bbt1\.jpg, /);
});
