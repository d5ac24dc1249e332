/**
 * Curating people in the browser: naming on the overview cards, "same person?" answers, the person
 * picker, "not a face", fixing faces in the viewer, and Undo for each correction. Every spec puts
 * the shared face library back as it found it (the specs after it count on its people).
 */
import type { Locator, Page } from '@playwright/test';
import type { PersonSummary } from '../src/shared/people-api';
import { personOf } from './face-library';
import { expect, openApp, skipWithoutDatasets, test } from './fixtures';
import { smallInteractiveText } from './polish-library';

skipWithoutDatasets();
test.use({ viewport: { width: 1280, height: 2000 } });

const card = (page: Page, personId: number) => page.locator(`article.person-card[data-person-id="${personId}"]`);
const toast = (page: Page) => page.getByRole('status', { name: 'Notifications' });
const nameOf = (person: PersonSummary) => person.name ?? `Unnamed person ${person.id}`;

/** Types into a person picker and picks the person from the list (by name, as the list shows it). */
async function pick(scope: Locator | Page, label: string, person: PersonSummary): Promise<void> {
  const field = scope.getByRole('combobox', { name: label });
  await field.fill(nameOf(person));
  const option = scope.getByRole('option', { name: new RegExp(`^${nameOf(person)}, \\d+ photos?$`) });
  await expect(option.locator('img')).toBeVisible();
  await option.click();
  await expect(field).toHaveValue(nameOf(person));
}

test('name a person on its card in the overview', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const putin = await personOf(server, 'Vladimir_Putin');
  await openApp(page, server, 'people');
  await card(page, putin.id)
    .getByRole('button', { name: `Name ${nameOf(putin)}` })
    .click();
  await card(page, putin.id).getByRole('textbox', { name: 'Name of this person' }).fill('Vladimir Putin');
  await page.keyboard.press('Enter');
  await expect(card(page, putin.id).getByRole('heading', { level: 2, name: 'Vladimir Putin' })).toBeVisible();
  expect((await server.call('getPerson', { personId: putin.id })).name).toBe('Vladimir Putin');
  // Named people lead the grid.
  await expect(page.locator('article.person-card').first()).toHaveAttribute('aria-label', 'Vladimir Putin');
  await server.call('renamePerson', { personId: putin.id, name: putin.name });
});

test('"same person?": yes merges the pair, no is remembered, and each is undone from its toast', async ({ page, splitFaceLibrary }) => {
  const { server } = splitFaceLibrary;
  const [pair] = await server.call('listSamePersonSuggestions', { limit: 20 });
  expect(pair, 'the face library holds a pair of look-alikes to suggest').toBeDefined();
  const { person, other } = pair!;
  await openApp(page, server, 'people');
  const section = page.getByRole('region', { name: 'Same person?' });
  const item = section.getByRole('listitem', { name: `${nameOf(person)} and ${nameOf(other)}` });
  await expect(item.locator('img')).toHaveCount(2);
  await expect.poll(() => item.locator('img').evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).naturalWidth > 0))).toBe(true);

  // No: remembered, so not suggested again; Undo brings the question back.
  await item.getByRole('button', { name: /^Not the same person: / }).click();
  await expect(toast(page)).toContainText('will not be suggested again');
  await expect(item).toHaveCount(0);
  const ids = (list: { person: PersonSummary; other: PersonSummary }[]) => list.map((s) => `${s.person.id}:${s.other.id}`);
  expect(ids(await server.call('listSamePersonSuggestions', { limit: 500 }))).not.toContain(`${person.id}:${other.id}`);
  await toast(page).getByRole('button', { name: 'Undo' }).click();
  await expect(toast(page)).toContainText('Undone');
  await expect(item).toBeVisible();

  // Yes: one person; Undo splits them again.
  await item.getByRole('button', { name: /^Same person: / }).click();
  await expect(toast(page)).toContainText('one person now');
  const survivor = person.faceCount >= other.faceCount ? person : other;
  const merged = survivor === person ? other : person;
  await expect(card(page, merged.id)).toHaveCount(0);
  expect((await server.call('getPerson', { personId: survivor.id })).faceCount).toBe(person.faceCount + other.faceCount);
  await toast(page).getByRole('button', { name: 'Undo' }).click();
  await expect(card(page, merged.id)).toBeVisible();
  expect((await server.call('getPerson', { personId: merged.id })).faceCount).toBe(merged.faceCount);
  await expect(item).toBeVisible();
});

test('the person picker finds people by name, shows their faces, and works with the keyboard', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const chirac = await personOf(server, 'Jacques_Chirac');
  const bush = await personOf(server, 'George_W_Bush');
  await openApp(page, server, 'people');
  await card(page, chirac.id)
    .getByRole('button', { name: /^Merge .* into…$/ })
    .click();
  const field = card(page, chirac.id).getByRole('combobox', { name: 'Merge into' });
  await expect(field).toBeFocused();
  const list = card(page, chirac.id).getByRole('listbox', { name: 'Merge into' });
  // Everyone but the person itself, each with a face.
  const people = await server.call('listPeople', { includeHidden: false });
  await expect(list.getByRole('option')).toHaveCount(people.length - 1);
  await expect(list.getByRole('option', { name: new RegExp(`^${nameOf(chirac)},`) })).toHaveCount(0);
  await field.fill(nameOf(bush));
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue(nameOf(bush));
  await expect(card(page, chirac.id).getByRole('button', { name: 'Merge', exact: true })).toBeEnabled();
  await card(page, chirac.id).getByRole('button', { name: 'Cancel' }).click();
  expect((await server.call('getPerson', { personId: chirac.id })).faceCount).toBe(chirac.faceCount);

  // Move to: a face of Chirac to Bush through the picker, then Undo.
  const [face] = (await server.call('listPersonFaces', { personId: chirac.id, offset: 0, limit: 1 })).items;
  await page.goto(`${server.origin}/#/people/${chirac.id}`);
  await page.getByRole('button', { name: `Face ${face!.id}` }).click();
  await pick(page, 'Move to', bush);
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(toast(page)).toContainText(`Moved 1 face to ${nameOf(bush)}`);
  expect((await server.call('listPersonFaces', { personId: bush.id, offset: 0, limit: 2000 })).items.map((f) => f.id)).toContain(face!.id);
  await toast(page).getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: `Face ${face!.id}` })).toBeVisible();
  expect((await server.call('getPerson', { personId: chirac.id })).faceCount).toBe(chirac.faceCount);
});

test('split, "not this person" and hide each offer Undo', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const powell = await personOf(server, 'Colin_Powell');
  const faces = (await server.call('listPersonFaces', { personId: powell.id, offset: 0, limit: 2 })).items;
  await openApp(page, server, `people/${powell.id}`);
  const strip = page.getByRole('region', { name: /^Faces of / });
  const undo = async (expected: string) => {
    await expect(toast(page)).toContainText(expected);
    await toast(page).getByRole('button', { name: 'Undo' }).click();
    await expect(toast(page)).toContainText('Undone');
    await expect.poll(async () => (await server.call('getPerson', { personId: powell.id })).faceCount).toBe(powell.faceCount);
  };

  for (const face of faces) await strip.getByRole('button', { name: `Face ${face.id}` }).click();
  await page.getByRole('button', { name: 'Move to new person' }).click();
  await undo('Moved 2 faces to a new person');
  await expect(strip.getByRole('button', { name: `Face ${faces[0]!.id}` })).toBeVisible();

  await strip.getByRole('button', { name: `Face ${faces[0]!.id}` }).click();
  await page.getByRole('button', { name: 'Not this person' }).click();
  await undo('will no longer be matched');

  await page.getByRole('button', { name: 'Hide', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Show in People' })).toBeVisible();
  await undo('is hidden from People');
  await expect(page.getByRole('button', { name: 'Hide', exact: true })).toBeVisible();
  expect((await server.call('getPerson', { personId: powell.id })).hidden).toBe(false);
});

test('an unsorted face opens its photo; "not a face" sets it aside, Undo and "It is a face" bring it back', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const { items, total } = await server.call('listUnsortedFaces', { offset: 0, limit: 1 });
  expect(total).toBeGreaterThan(0);
  const face = items[0]!;
  await openApp(page, server, 'people/unsorted');

  await page.getByRole('button', { name: `Open the photo of face #${face.id}` }).click();
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByRole('img').first()).toBeVisible();
  // The face opened is the one to fix.
  const fixer = viewer.getByRole('group', { name: 'Fix this face' });
  await expect(fixer).toBeVisible();
  await expect(viewer.locator(`.face-box[data-face-id="${face.id}"]`)).toBeVisible();
  await fixer.getByRole('button', { name: 'Not a face' }).click();
  await expect(toast(page)).toContainText('set aside as not a face');
  await expect(viewer.locator(`.face-box[data-face-id="${face.id}"]`)).toHaveCount(0);
  expect((await server.call('listIgnoredFaces', { offset: 0, limit: 10 })).items.map((f) => f.id)).toEqual([face.id]);
  await toast(page).getByRole('button', { name: 'Undo' }).click();
  await expect(viewer.locator(`.face-box[data-face-id="${face.id}"]`)).toBeVisible();
  await page.keyboard.press('Escape');

  // From the unsorted faces, then taken back from "Not faces".
  await page.getByRole('button', { name: `Face ${face.id}`, exact: true }).click();
  await page.getByRole('toolbar', { name: 'Selected faces' }).getByRole('button', { name: 'Not a face' }).click();
  await expect(page.getByRole('button', { name: `Face ${face.id}`, exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: 'Not faces (1)' }).click();
  await expect(page.getByRole('heading', { name: 'Not faces' })).toBeVisible();
  await page.getByRole('button', { name: `Face ${face.id}`, exact: true }).click();
  await page.getByRole('button', { name: 'It is a face' }).click();
  await expect(toast(page)).toContainText('back among the unsorted faces');
  expect((await server.call('listIgnoredFaces', { offset: 0, limit: 10 })).total).toBe(0);
  expect((await server.call('listUnsortedFaces', { offset: 0, limit: 2000 })).items.map((f) => f.id)).toContain(face.id);
});

test('fix a face from the viewer: "not this person", then assign it with the picker, each undoable', async ({ page, faceLibrary }) => {
  const { server } = faceLibrary;
  const rumsfeld = await personOf(server, 'Donald_Rumsfeld');
  const schroeder = await personOf(server, 'Gerhard_Schroeder');
  const [face] = (await server.call('listPersonFaces', { personId: rumsfeld.id, offset: 0, limit: 1 })).items;
  const personOfFace = async () => (await server.call('listPhotoFaces', { photoId: face!.photoId })).find((f) => f.id === face!.id)!.personId;
  await openApp(page, server, `people/${rumsfeld.id}`);
  // The face shown in its photo, where it can be fixed (its box also links to its person).
  await page.getByRole('button', { name: `Open the photo of face #${face!.id}` }).click();
  const viewer = page.getByRole('dialog');
  const box = viewer.locator(`.face-box[data-face-id="${face!.id}"]`);
  await expect(box).toHaveAccessibleName(new RegExp(`^Face \\d+: ${nameOf(rumsfeld)}$`));
  const n = (await box.getAttribute('aria-label'))!.match(/^Face (\d+):/)![1];

  // Its box's Fix button opens the tools beside the photo (here they are open already: it was opened for this face).
  const fixer = viewer.getByRole('group', { name: 'Fix this face' });
  await expect(fixer).toBeVisible();
  await box.hover();
  expect(await smallInteractiveText(page, '[role="dialog"]'), 'viewer text under 13 px').toEqual([]);
  await viewer.getByRole('button', { name: `Fix face ${n}`, exact: true }).click();
  await expect(fixer).toHaveCount(0);
  await viewer.getByRole('button', { name: `Fix face ${n}`, exact: true }).click();
  await expect(fixer).toBeVisible();

  await fixer.getByRole('button', { name: `Not ${nameOf(rumsfeld)}` }).click();
  await expect(box).toHaveAccessibleName(`Face ${n}: Unsorted face`);
  expect(await personOfFace()).toBeNull();
  await toast(page).getByRole('button', { name: 'Undo' }).click();
  await expect(box).toHaveAccessibleName(`Face ${n}: ${nameOf(rumsfeld)}`);

  await pick(fixer, 'Assign to', schroeder);
  await fixer.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(box).toHaveAccessibleName(`Face ${n}: ${nameOf(schroeder)}`);
  expect(await personOfFace()).toBe(schroeder.id);
  await toast(page).getByRole('button', { name: 'Undo' }).click();
  await expect(box).toHaveAccessibleName(`Face ${n}: ${nameOf(rumsfeld)}`);
  expect(await personOfFace()).toBe(rumsfeld.id);
});
