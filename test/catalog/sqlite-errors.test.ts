import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/main/catalog/sqlite-errors';

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('isUniqueViolation', () => {
  it("tells a UNIQUE (or primary key) conflict by SQLite's code, and nothing else", () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, root TEXT NOT NULL UNIQUE)');
      db.prepare('INSERT INTO t (id, root) VALUES (1, ?)').run('/photos');
      expect(isUniqueViolation(thrownBy(() => db.prepare('INSERT INTO t (root) VALUES (?)').run('/photos')))).toBe(true);
      expect(isUniqueViolation(thrownBy(() => db.prepare('INSERT INTO t (id, root) VALUES (1, ?)').run('/other')))).toBe(true);
      expect(isUniqueViolation(thrownBy(() => db.prepare('INSERT INTO t (root) VALUES (NULL)').run()))).toBe(false);
      expect(isUniqueViolation(new Error('UNIQUE constraint failed: t.root'))).toBe(false);
    } finally {
      db.close();
    }
  });
});
