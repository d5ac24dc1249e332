import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { runFacet } from '../catalog/helpers/facet-cli';
import { makeTempDir } from '../library/helpers/temp';
import { writeSmallPhotos } from '../library/helpers/small-photos';

const photoCount = 6;

/** One line for the user: no stack frames, no schema dump. */
function expectOneClearLine(stderr: string, ...parts: RegExp[]): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toMatch(part);
}

describe('facet export / facet import', () => {
  const temp = makeTempDir('share-cli');
  const hostLibrary = path.join(temp.dir, 'host');
  const guestLibrary = path.join(temp.dir, 'guest');
  const photos = path.join(temp.dir, 'photos');
  let eventId: number;

  beforeAll(async () => {
    await writeSmallPhotos(photos, photoCount, 160);
    const engine = await openEngine({ libraryDir: hostLibrary, facePackDir: null });
    try {
      await engine.api.addFolderSource({ path: photos });
      await engine.indexAll();
      const [source] = await engine.api.listSources({});
      eventId = (await engine.api.createEvent({ name: 'Lake day', selection: { kind: 'folder', sourceId: source!.id, folder: '' } })).id;
    } finally {
      await engine.close();
    }
  }, 120_000);
  afterAll(() => temp.cleanup());

  it('exports an event as a zip and imports it into another library as an event', async () => {
    const zip = path.join(temp.dir, 'out', 'lake.zip');
    fs.mkdirSync(path.dirname(zip));
    const exported = await runFacet(hostLibrary, ['export', String(eventId), '--to', zip, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const result = JSON.parse(exported.stdout) as { format: string; photos: number; bytes: number };
    expect(result).toMatchObject({ format: 'zip', photos: photoCount });
    expect(result.bytes).toBe(fs.statSync(zip).size);

    const imported = await runFacet(guestLibrary, ['import', zip, '--as-event']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`Imported "Lake day": ${photoCount} photos .* into ${path.join(guestLibrary, 'imports', 'lake')}`));
    expect(imported.stdout).toMatch(new RegExp(`Event \\d+ "Lake day" holds ${photoCount} photos`));
    const engine = await openEngine({ libraryDir: guestLibrary, facePackDir: null });
    try {
      const [event] = await engine.api.listEvents({});
      expect(event).toMatchObject({ name: 'Lake day', photoCount });
    } finally {
      await engine.close();
    }
  }, 180_000);

  it('exports a folder package, and importing it twice without --to makes a second folder', async () => {
    const folder = path.join(temp.dir, 'out', 'lake-folder');
    const exported = await runFacet(hostLibrary, ['export', String(eventId), '--to', folder]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`${folder}: ${photoCount} photos`);
    expect(fs.existsSync(path.join(folder, 'manifest.json'))).toBe(true);
    const first = await runFacet(guestLibrary, ['import', folder, '--json']);
    const second = await runFacet(guestLibrary, ['import', folder, '--json']);
    expect([first.code, second.code]).toEqual([0, 0]);
    const destinations = [first, second].map((run) => (JSON.parse(run.stdout) as { destination: string }).destination);
    expect(destinations).toEqual([path.join(guestLibrary, 'imports', 'lake-folder'), path.join(guestLibrary, 'imports', 'lake-folder-2')]);
  }, 120_000);

  it('refuses a tampered package and a missing event with one clear line each', async () => {
    const folder = path.join(temp.dir, 'out', 'tampered');
    expect((await runFacet(hostLibrary, ['export', String(eventId), '--to', folder])).code).toBe(0);
    const image = fs.readdirSync(path.join(folder, 'images'))[0]!;
    fs.appendFileSync(path.join(folder, 'images', image), Buffer.from('evil'));
    const refused = await runFacet(guestLibrary, ['import', folder, '--to', path.join(temp.dir, 'never')]);
    expect(refused.code).not.toBe(0);
    expectOneClearLine(refused.stderr, new RegExp(folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), /images\//);
    expect(fs.existsSync(path.join(temp.dir, 'never'))).toBe(false);

    const missing = await runFacet(hostLibrary, ['export', '999', '--to', path.join(temp.dir, 'out', 'none')]);
    expect(missing.code).not.toBe(0);
    expectOneClearLine(missing.stderr, /not_found/, /999/);
  }, 120_000);
});
