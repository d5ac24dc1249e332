import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog, latestSchemaVersion } from '../../src/main/catalog';
import { openDatabase } from '../../src/main/catalog/database';
import { migrations } from '../../src/main/catalog/migrations';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-migrations-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tables = (catalog: Catalog) =>
  (catalog.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);

describe('catalog migrations', () => {
  it('creates the whole schema in an empty file, with WAL and foreign keys on', () => {
    const catalog = Catalog.open(path.join(dir, 'fresh', 'catalog.sqlite'));
    try {
      expect(catalog.schemaVersion).toBe(latestSchemaVersion);
      expect(tables(catalog)).toEqual([
        'derivatives',
        'embedding_models',
        'errors',
        'event_guests',
        'event_photos',
        'event_suggestions',
        'events',
        'face_links',
        'face_person_rejections',
        'faces',
        'files',
        'guest_photos',
        'guest_references',
        'jobs',
        'people',
        'people_clustering',
        'people_corrections',
        'person_merges',
        'person_pair_rejections',
        'settings',
        'sources',
        'sync_auto',
        'sync_contributor_keys',
        'sync_identity',
        'sync_links',
        'sync_members',
        'sync_renditions',
      ]);
      expect(catalog.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(catalog.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(catalog.db.pragma('synchronous', { simple: true })).toBe(1);
      expect(catalog.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      catalog.close();
    }
  });

  it('re-opens an existing catalog without re-running migrations, keeping the data', () => {
    const file = path.join(dir, 'reopen.sqlite');
    const first = Catalog.open(file);
    const source = first.sources.add('folder', '/photos', 'photos');
    first.close();
    const second = Catalog.open(file);
    try {
      expect(second.schemaVersion).toBe(latestSchemaVersion);
      expect(second.sources.list()).toEqual([source]);
    } finally {
      second.close();
    }
  });

  it('rolls a failing migration back completely and leaves the version alone', () => {
    const file = path.join(dir, 'failing.sqlite');
    openDatabase(file).close();
    const broken = [
      ...migrations,
      { version: latestSchemaVersion + 1, description: 'broken', sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' },
    ];
    expect(() => openDatabase(file, broken)).toThrow(/no_such_table/);
    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('refuses a catalog written by a newer Facet', () => {
    const file = path.join(dir, 'newer.sqlite');
    const db = openDatabase(file);
    db.pragma(`user_version = ${latestSchemaVersion + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this Facet understands/);
  });

  it('cascades a removed source to its files and errors', () => {
    const catalog = Catalog.open(path.join(dir, 'cascade.sqlite'));
    try {
      const source = catalog.sources.add('folder', '/photos', 'photos');
      catalog.files.observe(source.id, 'a.jpg', 10, 1000);
      catalog.errors.record(source.id, '/photos/b.jpg', 'decode', 'broken');
      expect(catalog.sources.remove(source.id)).toBe(true);
      expect(catalog.db.prepare('SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM errors) AS n').get()).toEqual({ n: 0 });
    } finally {
      catalog.close();
    }
  });
});
