import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/catalog/database';
import { makeTempDir } from '../library/helpers/temp';

describe('deleted bytes in the catalog file', () => {
  const temp = makeTempDir('secure-delete');
  afterAll(() => temp.cleanup());

  it('are overwritten by every delete and update, not only when a person is forgotten', () => {
    const file = path.join(temp.dir, 'catalog.sqlite');
    const db = openDatabase(file, [{ version: 1, description: 'a blob table', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, embedding BLOB)' }]);
    // An embedding replaced by a model upgrade, and one of a row deleted, the way faces are.
    const replaced = randomBytes(2048);
    const deleted = randomBytes(2048);
    db.prepare('INSERT INTO t (id, embedding) VALUES (1, ?), (2, ?)').run(replaced, deleted);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.prepare('UPDATE t SET embedding = ? WHERE id = 1').run(randomBytes(2048));
    db.prepare('DELETE FROM t WHERE id = 2').run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    const pieceOf = (blob: Buffer) => blob.subarray(1000, 1048);
    expect(bytes.includes(pieceOf(replaced))).toBe(false);
    expect(bytes.includes(pieceOf(deleted))).toBe(false);
  });
});
