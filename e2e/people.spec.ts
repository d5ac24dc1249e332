import type { Page } from '@playwright/test';
import { personOf, photosOf } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';

skipWithoutDatasets();
// Tall enough that every person card is on screen, so cards can be dragged onto each other.
test.use({ viewport: { width: 1280, height: 2000 } });

const card = (page: Page, personId: number) => page.locator(`article.person-card[data-person-id="${personId}"]`);

test('the people page shows clusters with counts, named first then by size', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const people = await server.call('listPeople', { includeHidden: false });
  expect(people.length).toBeGreaterThanOrEqual(10);
  await openApp(page, server, 'people');

  const grid = page.getByRole('list', { name: 'People' });
  await expect(grid.locator('article.person-card')).toHaveCount(people.length);
  const blair = await personOf(server, 'Tony_Blair');
  await expect(card(page, blair.id)).toContainText(`${blair.photoCount} photos`);
  // The cover is the face crop (media kind 'face'), served and decoded.
  await expect
    .poll(() =>
      card(page, blair.id)
        .locator('img')
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    )
    .toBeGreaterThan(0);

  // Unnamed clusters come biggest first.
  const shownIds = await grid.locator('article.person-card').evaluateAll((cards) => cards.map((c) => Number(c.getAttribute('data-person-id'))));
  const faceCounts = shownIds.map((id) => people.find((p) => p.id === id)!.faceCount);
  expect(faceCounts).toEqual([...faceCounts].sort((a, b) => b - a));
});

test('rename a person inline', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const blair = await personOf(server, 'Tony_Blair');
  await openApp(page, server, `people/${blair.id}`);
  await page.getByRole('button', { name: blair.name === null ? 'Add a name' : 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Name of this person' }).fill('Tony Blair');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Tony Blair' })).toBeVisible();
  expect((await server.call('getPerson', { personId: blair.id })).name).toBe('Tony Blair');

  // Named people lead the grid.
  await page.getByRole('link', { name: '← People' }).click();
  await expect(page.locator('article.person-card').first()).toHaveAttribute('aria-label', 'Tony Blair');
});

test('merge by dragging one person onto another, then undo', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const powell = await personOf(server, 'Colin_Powell');
  const rumsfeld = await personOf(server, 'Donald_Rumsfeld');
  await openApp(page, server, 'people');

  await card(page, powell.id).dragTo(card(page, rumsfeld.id));
  const toast = page.getByRole('status', { name: 'Notifications' });
  await expect(toast).toContainText('Merged');
  await expect(card(page, powell.id)).toHaveCount(0);
  const merged = await server.call('getPerson', { personId: rumsfeld.id });
  expect(merged.faceCount).toBe(powell.faceCount + rumsfeld.faceCount);

  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(toast).toContainText('Merge undone');
  await expect(card(page, powell.id)).toBeVisible();
  expect((await server.call('getPerson', { personId: rumsfeld.id })).faceCount).toBe(rumsfeld.faceCount);
  expect((await server.call('getPerson', { personId: powell.id })).faceCount).toBe(powell.faceCount);
});

test('merge with the keyboard through "Merge into…"', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const chavez = await personOf(server, 'Hugo_Chavez');
  const schroeder = await personOf(server, 'Gerhard_Schroeder');
  await openApp(page, server, 'people');
  await card(page, chavez.id)
    .getByRole('button', { name: /^Merge .* into…$/ })
    .click();
  // The picker has the focus: type, pick with the arrows, Enter picks, Enter again merges.
  await page.keyboard.type(schroeder.name ?? `Unnamed person ${schroeder.id}`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(card(page, chavez.id).getByRole('combobox', { name: 'Merge into' })).toHaveValue(schroeder.name ?? `Unnamed person ${schroeder.id}`);
  await page.keyboard.press('Enter');
  await expect(card(page, chavez.id)).toHaveCount(0);
  // Undo puts everything back for the specs that follow.
  await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Undo' }).click();
  await expect(card(page, chavez.id)).toBeVisible();
  expect((await server.call('getPerson', { personId: schroeder.id })).faceCount).toBe(schroeder.faceCount);
});

test('split faces off to a new person', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const chavez = await personOf(server, 'Hugo_Chavez');
  const faces = (await server.call('listPersonFaces', { personId: chavez.id, offset: 0, limit: 2 })).items;
  await openApp(page, server, `people/${chavez.id}`);

  const strip = page.getByRole('region', { name: /^Faces of / });
  for (const face of faces) await strip.getByRole('button', { name: `Face ${face.id}` }).click();
  await expect(page.getByRole('toolbar', { name: 'Selected faces' })).toContainText('2 faces selected');
  await page.getByRole('button', { name: 'Move to new person' }).click();

  await expect(strip.getByRole('button', { name: `Face ${faces[0]!.id}` })).toHaveCount(0);
  expect((await server.call('getPerson', { personId: chavez.id })).faceCount).toBe(chavez.faceCount - 2);
  await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Open' }).click();
  const split = page.getByRole('region', { name: /^Faces of / });
  await expect(split.getByRole('button', { name: /^Face \d+$/ })).toHaveCount(2);
  await expect(split.getByRole('button', { name: `Face ${faces[1]!.id}` })).toBeVisible();
});

test('"Not this person" takes a face away from the person', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const chirac = await personOf(server, 'Jacques_Chirac');
  const [face] = (await server.call('listPersonFaces', { personId: chirac.id, offset: 0, limit: 1 })).items;
  await openApp(page, server, `people/${chirac.id}`);
  await page.getByRole('button', { name: `Face ${face!.id}` }).click();
  await page.getByRole('button', { name: 'Not this person' }).click();
  await expect(page.getByRole('button', { name: `Face ${face!.id}` })).toHaveCount(0);
  const faces = await server.call('listPersonFaces', { personId: chirac.id, offset: 0, limit: 2000 });
  expect(faces.items.map((f) => f.id)).not.toContain(face!.id);
  expect(faces.total).toBe(chirac.faceCount - 1);
});

test('hide a person, then find them with "Show hidden people"', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const schroeder = await personOf(server, 'Gerhard_Schroeder');
  await openApp(page, server, `people/${schroeder.id}`);
  await page.getByRole('button', { name: 'Hide', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Show in People' })).toBeVisible();

  await page.getByRole('link', { name: '← People' }).click();
  await expect(page.locator('article.person-card').first()).toBeVisible();
  await expect(card(page, schroeder.id)).toHaveCount(0);
  await page.getByLabel('Show hidden people').check();
  await expect(card(page, schroeder.id)).toContainText('Hidden');
});

test('forget a person: a confirmation, then the person and its faces are gone', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const sharon = await personOf(server, 'Ariel_Sharon');
  const sharonPhotos = await photosOf(server, 'Ariel_Sharon');
  const sharonFaces = (await server.call('listPersonFaces', { personId: sharon.id, offset: 0, limit: 2000 })).items.map((f) => f.id);
  await openApp(page, server, `people/${sharon.id}`);

  await page.getByRole('button', { name: 'Forget…' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('for good');
  await expect(dialog).toContainText(`${sharon.faceCount} faces`);
  await dialog.getByRole('button', { name: 'Forget for good' }).click();

  await expect(page).toHaveURL(/#\/people$/);
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(`face data of ${sharon.faceCount} faces deleted`);
  await expect(card(page, sharon.id)).toHaveCount(0);
  await expect(server.call('getPerson', { personId: sharon.id })).rejects.toThrow(/not_found/);
  // Its faces are gone: from the photos, from the unsorted faces, and their crops.
  const photoFaces = (await Promise.all(sharonPhotos.map((photoId) => server.call('listPhotoFaces', { photoId })))).flat();
  expect(photoFaces.map((f) => f.id).filter((id) => sharonFaces.includes(id))).toEqual([]);
  const unsorted = await server.call('listUnsortedFaces', { offset: 0, limit: 2000 });
  expect(unsorted.items.map((f) => f.id).filter((id) => sharonFaces.includes(id))).toEqual([]);
  const crop = await fetch(`${server.origin}/media/face/${sharonFaces[0]}`, { headers: { cookie: server.cookie } });
  expect(crop.status).toBe(404);
});

test('unsorted faces can become a new person', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  let unsorted = await server.call('listUnsortedFaces', { offset: 0, limit: 1 });
  if (unsorted.total === 0) {
    // Clustering left nothing unsorted: a rejected face is.
    const bush = await personOf(server, 'George_W_Bush');
    const [face] = (await server.call('listPersonFaces', { personId: bush.id, offset: 0, limit: 1 })).items;
    await server.call('rejectFace', { faceId: face!.id, personId: bush.id });
    unsorted = await server.call('listUnsortedFaces', { offset: 0, limit: 1 });
  }
  const face = unsorted.items[0]!;
  await openApp(page, server, 'people');
  await page.getByRole('link', { name: /^Unsorted faces \(\d+\)$/ }).click();
  await expect(page.getByRole('heading', { name: 'Unsorted faces' })).toBeVisible();

  await page.getByRole('button', { name: `Face ${face.id}` }).click();
  await page.getByRole('button', { name: 'New person from selected' }).click();
  await expect(page.getByRole('button', { name: `Face ${face.id}` })).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('added to a new person');
  const after = await server.call('listUnsortedFaces', { offset: 0, limit: 2000 });
  expect(after.items.map((f) => f.id)).not.toContain(face.id);
  const [moved] = (await server.call('listPhotoFaces', { photoId: face.photoId })).filter((f) => f.id === face.id);
  expect(moved?.personId).not.toBeNull();
});
