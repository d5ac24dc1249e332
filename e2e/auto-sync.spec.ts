import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, openApp, test } from './fixtures';

test('a linked event shows its last sync and what came in, and its automatic sync pauses and resumes', async ({ page, indexedLibrary }) => {
  const { server } = indexedLibrary;
  const shared = await mkdtemp(path.join(os.tmpdir(), 'facet-e2e-auto-sync-'));
  try {
    const [source] = await server.call('listSources', {});
    const event = await server.call('createEvent', { name: 'Shared picnic', selection: { kind: 'folder', sourceId: source!.id, folder: '' } });
    await openApp(page, server, `events/${event.id}`);
    // Not linked: nothing about sync on the page.
    await expect(page.getByRole('status', { name: 'Event sync' })).toHaveCount(0);

    await server.call('linkEventToSharedLocation', { eventId: event.id, location: { kind: 'folder', path: shared } });
    const result = await server.call('syncEvent', { eventId: event.id });
    const status = page.getByRole('status', { name: 'Event sync' });
    await expect(status).toContainText('Last sync');
    await expect(status).toContainText(`${result.pulled} photos came in, ${result.removed} removed, ${result.pushed} sent`);
    await expect(status).toContainText('syncs automatically');

    const toggle = page.getByRole('checkbox', { name: 'Sync automatically' });
    await expect(toggle).toBeChecked();
    await toggle.uncheck();
    await expect(status).toContainText('automatic sync paused');
    expect(await server.call('getEventAutoSync', { eventId: event.id })).toMatchObject({ paused: true, nextSyncAt: null });
    await page.reload();
    await expect(page.getByRole('checkbox', { name: 'Sync automatically' })).not.toBeChecked();

    await page.getByRole('checkbox', { name: 'Sync automatically' }).check();
    await expect(status).toContainText('syncs automatically');
    expect(await server.call('getEventAutoSync', { eventId: event.id })).toMatchObject({ paused: false, running: true });
  } finally {
    await rm(shared, { recursive: true, force: true });
  }
});
