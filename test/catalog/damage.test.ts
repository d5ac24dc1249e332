import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import { openEngine } from '../../src/main/api/engine';
import type { FacetApi } from '../../src/shared/api';
import { CatalogDamagedError, CatalogEmptiedError } from '../../src/main/catalog/catalog-errors';
import { libraryLayout } from '../../src/main/catalog/layout';
import { openLibraryCatalog } from '../../src/main/catalog/library-catalog';
import { makeTempDir } from '../library/helpers/temp';
import { writeSmallPhotos } from '../library/helpers/small-photos';
import { emptyFile, flipPages, truncateFile } from './helpers/damage';
import { runFacet } from './helpers/facet-cli';

const temp = makeTempDir('damage');
const pristine = path.join(temp.dir, 'pristine');
const folder = path.join(temp.dir, 'photos');
afterAll(() => temp.cleanup());

/** A library indexed for real (faces off, for speed) with an event of 4 photos and one backup. */
async function buildLibrary(libraryDir: string, photos: string): Promise<void> {
  const engine = await openEngine({ libraryDir, facePackDir: null, threads: 1 });
  try {
    await engine.api.addFolderSource({ path: photos });
    await engine.indexAll();
    const { items } = await engine.api.listPhotos({ offset: 0, limit: 100 });
    await engine.api.createEvent({ name: 'Trip', selection: { kind: 'photos', photoIds: items.slice(0, 4).map((p) => p.id) } });
    await engine.backUpCatalog();
  } finally {
    await engine.close();
  }
}

/** A fresh copy of the pristine library, to damage. */
function copyOfLibrary(name: string): string {
  const dir = path.join(temp.dir, name);
  fs.cpSync(pristine, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  await writeSmallPhotos(folder, 40);
  await buildLibrary(pristine, folder);
});

const damages = [
  { name: 'truncated mid-page', damage: (file: string) => truncateFile(file), error: CatalogDamagedError, says: /is damaged/ },
  { name: 'with flipped bits in three pages', damage: (file: string) => flipPages(file), error: CatalogDamagedError, says: /is damaged/ },
  { name: 'zero bytes long', damage: emptyFile, error: CatalogEmptiedError, says: /is missing or empty, but the library still holds thumbnails/ },
];

describe('a damaged catalog', () => {
  for (const { name, damage, error, says } of damages) {
    it(`${name}: refused on open with a clear message, in the engine and on the command line, and left as it was`, async () => {
      const libraryDir = copyOfLibrary(name.replace(/\W+/g, '-'));
      const layout = libraryLayout(libraryDir);
      damage(layout.catalogFile);
      const damagedBytes = fs.readFileSync(layout.catalogFile);

      expect(() => openLibraryCatalog(layout)).toThrow(error);
      await expect(openEngine({ libraryDir, facePackDir: null })).rejects.toThrow(says);

      const status = await runFacet(libraryDir, ['status']);
      expect(status.code).toBe(2);
      expect(status.stderr).toMatch(says);
      expect(status.stderr).toContain('facet doctor --repair');
      expect(status.stderr).not.toMatch(/^\s+at /m);
      // Nothing was reset or rewritten: the damaged file waits, untouched, for the repair.
      expect(fs.readFileSync(layout.catalogFile).equals(damagedBytes)).toBe(true);
    });
  }

  it('missing while thumbnails remain: refused too; a new, empty library still opens', async () => {
    const libraryDir = copyOfLibrary('missing');
    fs.rmSync(libraryLayout(libraryDir).catalogFile);
    expect(() => openLibraryCatalog(libraryLayout(libraryDir))).toThrow(CatalogEmptiedError);
    expect(fs.existsSync(libraryLayout(libraryDir).catalogFile)).toBe(false);

    const fresh = libraryLayout(path.join(temp.dir, 'new-library'));
    openLibraryCatalog(fresh).close();
    expect(fs.statSync(fresh.catalogFile).size).toBeGreaterThan(0);
  });

  it('already reset to an empty schema (as Facet did to a zero-byte catalog) while thumbnails remain: refused', () => {
    const libraryDir = copyOfLibrary('reset');
    const layout = libraryLayout(libraryDir);
    emptyFile(layout.catalogFile);
    // What opening it used to do: a new, empty schema in its place.
    fs.rmSync(layout.backupsDir, { recursive: true });
    fs.rmSync(layout.vectorsDir, { recursive: true, force: true });
    const thumbnails = fs.readdirSync(layout.derivativesDir);
    fs.renameSync(layout.derivativesDir, `${layout.derivativesDir}-aside`);
    openLibraryCatalog(layout).close();
    fs.rmSync(layout.derivativesDir, { recursive: true, force: true });
    fs.renameSync(`${layout.derivativesDir}-aside`, layout.derivativesDir);
    expect(thumbnails.length).toBeGreaterThan(0);

    expect(() => openLibraryCatalog(layout)).toThrow(CatalogEmptiedError);
  });

  it('emptied on purpose (every source removed) still opens', async () => {
    const libraryDir = copyOfLibrary('emptied-on-purpose');
    const engine = await openEngine({ libraryDir, facePackDir: null });
    try {
      const [event] = await engine.api.listEvents({});
      await engine.api.deleteEvent({ eventId: event!.id });
      for (const source of await engine.api.listSources({})) await engine.api.removeSource({ sourceId: source.id });
    } finally {
      await engine.close();
    }
    openLibraryCatalog(libraryLayout(libraryDir)).close();
  });
});

describe('damage found mid-session', () => {
  it("reaches the app and the web page as what to do, with SQLite's words inside", async () => {
    const libraryDir = copyOfLibrary('mid-session');
    const file = libraryLayout(libraryDir).catalogFile;
    // Every page past the schema's: the files table's pages among them.
    const pages = Math.floor(fs.statSync(file).size / 4096);
    flipPages(
      file,
      Array.from({ length: pages - 2 }, (_, i) => i + 3),
    );
    // Opened as a connection that was already open when the pages went bad (no check on open).
    const db = new Database(file);
    try {
      const api = { listPhotos: async () => db.prepare('SELECT * FROM files').all() } as unknown as FacetApi;
      const result = await dispatchApiCall(api, 'listPhotos', { offset: 0, limit: 10 }, () => undefined);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'internal', message: expect.stringMatching(/^The catalog is damaged \(.*malformed.*\)\. .*facet doctor --repair/) },
      });
    } finally {
      db.close();
    }
  });
});

describe('facet doctor --repair', () => {
  it('restores the newest good backup with the event, indexes the photos added since, and keeps the damaged file', async () => {
    const photos = path.join(temp.dir, 'repair-photos');
    const libraryDir = path.join(temp.dir, 'repair-library');
    await writeSmallPhotos(photos, 6);
    await buildLibrary(libraryDir, photos);
    // After the backup: three more photos, and a newer copy that is itself damaged.
    for (const file of (await writeSmallPhotos(path.join(temp.dir, 'more'), 9)).slice(6)) {
      fs.copyFileSync(file, path.join(photos, `new-${path.basename(file)}`));
    }
    const layout = libraryLayout(libraryDir);
    const [good] = fs.readdirSync(layout.backupsDir);
    const badCopy = path.join(layout.backupsDir, 'catalog-29990101T000000000Z.sqlite');
    fs.copyFileSync(path.join(layout.backupsDir, good!), badCopy);
    flipPages(badCopy);
    flipPages(layout.catalogFile);

    const repair = await runFacet(libraryDir, ['doctor', '--repair', '--json']);
    expect(repair.stderr).toContain(`Passed over the backup ${badCopy}`);
    expect(repair.stderr).toMatch(/Restored the backup taken .*Indexing what changed since the backup/s);
    const report = JSON.parse(repair.stdout) as { catalog: { ok: boolean } };
    expect(report.catalog.ok).toBe(true);

    const db = new Database(layout.catalogFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare(`SELECT state, count(*) AS n FROM files GROUP BY state`).all()).toEqual([{ state: 'indexed', n: 9 }]);
      expect(db.prepare(`SELECT e.name, count(ep.file_id) AS photos FROM events e JOIN event_photos ep ON ep.event_id = e.id GROUP BY e.id`).all()).toEqual([
        { name: 'Trip', photos: 4 },
      ]);
    } finally {
      db.close();
    }
    const aside = fs.readdirSync(libraryDir).filter((name) => name.startsWith('catalog.sqlite.damaged-'));
    expect(aside.length).toBeGreaterThan(0);
    // The repaired state is itself backed up.
    expect(fs.readdirSync(layout.backupsDir).filter((name) => name !== path.basename(badCopy))).toHaveLength(2);
  });
});
