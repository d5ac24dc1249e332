import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/renderer/src/format';
import { filesUnder } from '../test/share/helpers';
import { rawZip } from '../test/share/malicious';
import { expect, openApp, test } from './fixtures';

let outside = '';
test.beforeAll(async () => {
  outside = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-import-'));
});
test.afterAll(async () => {
  await rm(outside, { recursive: true, force: true });
});

test('an exported event is looked inside, then imported as a new event', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const [source] = await server.call('listSources', {});
  const picnic = await server.call('createEvent', { name: 'Picnic', selection: { kind: 'folder', sourceId: source!.id, folder: '' } });
  const zip = path.join(outside, 'picnic.zip');
  await server.call('exportEvent', { eventId: picnic.id, destination: zip, format: 'zip' });

  await openApp(page, server, 'events');
  await page.getByRole('button', { name: 'Import a package…' }).click();
  const panel = page.getByRole('region', { name: 'Import a share package' });
  // The web mode has no native dialogs: the path is typed.
  await expect(panel.getByRole('button', { name: 'Choose a .zip…' })).toHaveCount(0);
  await panel.getByLabel('Share package (.zip or folder)').fill(zip);
  await panel.getByRole('button', { name: 'Look inside' }).click();

  // What the package holds, before anything is imported.
  const contents = panel.getByRole('group', { name: 'Package contents' });
  const preview = await server.call('inspectSharePackage', { source: zip });
  await expect(contents).toContainText('Picnic');
  // Copies of one photo go in once (and this package leaves videos out).
  expect(preview.photos).toBeGreaterThan(0);
  await expect(contents).toContainText(`${preview.photos} photos`);
  await expect(contents).toContainText(formatBytes(preview.bytes));
  await expect(contents).toContainText('nobody named');
  expect((await server.call('listEvents', {})).length).toBe(1);

  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Picnic' })).toBeVisible({ timeout: 60_000 });
  const importedId = Number(/#\/events\/(\d+)/.exec(page.url())![1]);
  expect(importedId).not.toBe(picnic.id);
  await expect(page.getByText(`${preview.photos} photos`, { exact: true })).toBeVisible();
  const events = await server.call('listEvents', {});
  expect(events.find((event) => event.id === importedId)).toMatchObject({ name: 'Picnic', photoCount: preview.photos });
});

test('a malicious package is refused with its reason, and nothing is imported', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const [source] = await server.call('listSources', {});
  const event = await server.call('createEvent', { name: 'Valid start', selection: { kind: 'folder', sourceId: source!.id, folder: '' } });
  const folder = path.join(outside, 'valid');
  await server.call('exportEvent', { eventId: event.id, destination: folder, format: 'folder' });
  // The zip-slip case of test/share/malicious.ts: a valid package plus an entry that climbs out.
  const entries = await Promise.all(filesUnder(folder).map(async (rel) => ({ name: rel, data: await readFile(path.join(folder, rel)) })));
  const hostile = path.join(outside, 'zip-slip.zip');
  await writeFile(hostile, rawZip([...entries, { name: '../../evil.txt', data: Buffer.from('pwned') }]));
  const sourcesBefore = (await server.call('listSources', {})).length;

  await openApp(page, server, 'events');
  await page.getByRole('button', { name: 'Import a package…' }).click();
  const panel = page.getByRole('region', { name: 'Import a share package' });
  await panel.getByLabel('Share package (.zip or folder)').fill(hostile);
  await panel.getByRole('button', { name: 'Look inside' }).click();
  const refusal = panel.getByRole('alert');
  await expect(refusal).toContainText(`share package ${hostile} refused (unsafe-path)`);
  await expect(refusal).toContainText('parent folder reference');
  await expect(panel.getByRole('group', { name: 'Package contents' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
  expect((await server.call('listSources', {})).length).toBe(sourcesBefore);
});
