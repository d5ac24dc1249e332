import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { listBackups } from '../../src/main/catalog/backups';
import { libraryLayout } from '../../src/main/catalog/layout';
import { writeGroupPhoto, writeLandscape } from '../faces/helpers';
import { makeTempDir } from '../library/helpers/temp';

const temp = makeTempDir('face-data');
afterAll(() => temp.cleanup());

/** Every file under dir. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('face recognition switch and delete all face data', () => {
  it('stops finding faces when off, deletes every face for good (catalog, index, crops, backups), and finds them again when on', async () => {
    const photos = path.join(temp.dir, 'photos');
    await writeGroupPhoto(path.join(photos, 'group1.jpg'), 1);
    await writeLandscape(path.join(photos, 'landscape.jpg'));
    const libraryDir = path.join(temp.dir, 'library');
    const layout = libraryLayout(libraryDir);
    const engine = await openEngine({ libraryDir, threads: 1 });
    try {
      await engine.api.addFolderSource({ path: photos });
      await engine.indexAll();
      const found = await engine.api.getFaceRecognition({});
      expect(found.enabled).toBe(true);
      expect(found.faces).toBeGreaterThan(0);

      // Off, data kept: a photo added now gets no faces.
      expect(await engine.api.setFaceRecognition({ enabled: false, deleteFaceData: false })).toEqual({ ...found, enabled: false });
      await writeGroupPhoto(path.join(photos, 'group2.jpg'), 2);
      await engine.api.rescanSource({ sourceId: (await engine.api.listSources({}))[0]!.id });
      await engine.indexAll();
      expect((await engine.api.getFaceRecognition({})).faces).toBe(found.faces);
      const group2 = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items.find((p) => p.fileName === 'group2.jpg')!;
      expect(await engine.api.getPhoto({ photoId: group2.id })).toMatchObject({ faceState: 'skipped', faceStateReason: 'face recognition is off' });

      // What must not survive: a piece from inside each embedding, and the crops.
      const db = new Database(layout.catalogFile, { readonly: true });
      const pieces = (db.prepare('SELECT embedding FROM faces WHERE embedding IS NOT NULL').pluck().all() as Buffer[]).map((e) =>
        Buffer.from(e.subarray(100, 148)),
      );
      db.close();
      const crops = filesUnder(layout.derivativesDir).filter((file) => /\.face-\d+\.webp$/.test(file));
      expect(pieces.length).toBe(found.faces);
      expect(crops.length).toBe(found.faces);
      const holding = (file: string) => pieces.filter((piece) => fs.readFileSync(file).includes(piece)).length;
      const before = [await engine.backUpCatalog(), await engine.backUpCatalog()];
      expect(before.map((b) => holding(b.file))).toEqual([pieces.length, pieces.length]);
      expect(filesUnder(layout.vectorsDir).reduce((n, file) => n + holding(file), 0)).toBeGreaterThan(0);

      const deleted = await engine.api.deleteAllFaceData({});
      expect(deleted).toEqual({ faces: found.faces, people: found.people, crops: crops.length });
      expect(await engine.api.getFaceRecognition({})).toEqual({ enabled: false, faces: 0, people: 0 });
      expect(await engine.api.listPeople({ includeHidden: true })).toEqual([]);

      const after = new Database(layout.catalogFile, { readonly: true });
      for (const table of ['faces', 'people', 'face_links', 'person_merges', 'people_corrections', 'guest_references']) {
        expect(after.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      }
      after.close();
      for (const crop of crops) expect(fs.existsSync(crop)).toBe(false);
      // Nowhere in the library folder: catalog, its write-ahead log, the face index, the backups (replaced by one fresh copy).
      expect(filesUnder(libraryDir).filter((file) => holding(file) > 0)).toEqual([]);
      const backups = listBackups(layout.backupsDir);
      expect(backups).toHaveLength(1);
      expect(before.map((b) => b.file)).not.toContain(backups[0]!.file);

      // On again: every photo is looked at, the one indexed while it was off included.
      await engine.api.setFaceRecognition({ enabled: true, deleteFaceData: false });
      await engine.indexAll();
      const again = await engine.api.getFaceRecognition({});
      expect(again.faces).toBeGreaterThan(found.faces);
      expect((await engine.api.getPhoto({ photoId: group2.id })).faceState).toBe('done');
    } finally {
      await engine.close();
    }
  });
});
