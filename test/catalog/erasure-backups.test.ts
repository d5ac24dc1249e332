import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { listBackups } from '../../src/main/catalog/backups';
import { libraryLayout } from '../../src/main/catalog/layout';
import { makeTempDir } from '../library/helpers/temp';
import { datasetsDir } from '../helpers/datasets';

const lfw10 = path.join(datasetsDir, 'lfw10');
const temp = makeTempDir('erasure-backups');
afterAll(() => temp.cleanup());

describe.skipIf(!existsSync(lfw10))('forgetting a person', { tags: ['datasets'] }, () => {
  it('replaces every catalog backup by one fresh copy that holds none of the forgotten embeddings', async () => {
    const photos = path.join(temp.dir, 'photos');
    for (const person of ['Colin_Powell', 'Tony_Blair']) {
      for (const file of readdirSync(path.join(lfw10, person)).sort().slice(0, 4)) cpSync(path.join(lfw10, person, file), path.join(photos, file));
    }
    const libraryDir = path.join(temp.dir, 'library');
    const layout = libraryLayout(libraryDir);
    const engine = await openEngine({ libraryDir, threads: 1 });
    try {
      await engine.api.addFolderSource({ path: photos });
      await engine.indexAll();
      const [person] = await engine.api.listPeople({ includeHidden: false });
      const db = new Database(layout.catalogFile, { readonly: true });
      const embeddings = (db.prepare('SELECT embedding FROM faces WHERE person_id = ?').all(person!.id) as { embedding: Buffer }[]).map((r) => r.embedding);
      db.close();
      expect(embeddings.length).toBeGreaterThan(0);
      // A piece from inside each vector: contiguous in whichever page holds it.
      const pieces = embeddings.map((e) => Buffer.from(e.subarray(100, 148)));
      const holding = (file: string) => pieces.filter((piece) => readFileSync(file).includes(piece)).length;

      const before = [await engine.backUpCatalog(), await engine.backUpCatalog()];
      expect(before.map((b) => holding(b.file))).toEqual([pieces.length, pieces.length]);

      await engine.api.forgetPerson({ personId: person!.id });
      const after = listBackups(layout.backupsDir);
      expect(after).toHaveLength(1);
      expect(before.map((b) => b.file)).not.toContain(after[0]!.file);

      expect(holding(after[0]!.file)).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
