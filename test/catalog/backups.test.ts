import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BackupSchedule } from '../../src/main/catalog/backup-schedule';
import { backUpCatalog, listBackups } from '../../src/main/catalog/backups';
import { Catalog } from '../../src/main/catalog/catalog';
import { CatalogDamagedError } from '../../src/main/catalog/catalog-errors';
import { makeTempDir } from '../library/helpers/temp';
import { flipPages } from './helpers/damage';

const temp = makeTempDir('backups');
afterAll(() => temp.cleanup());

let sequence = 0;
function catalogWithPhotos(count: number): { catalog: Catalog; backupsDir: string } {
  const dir = path.join(temp.dir, `library-${++sequence}`);
  const catalog = Catalog.open(path.join(dir, 'catalog.sqlite'));
  const source = catalog.sources.add('folder', `/photos-${sequence}`, 'photos');
  catalog.transaction(() => {
    for (let i = 0; i < count; i++) catalog.files.observe(source.id, `p/${i}.jpg`, 10, 1000);
  });
  return { catalog, backupsDir: path.join(dir, 'backups') };
}

const fileCount = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('catalog backups', () => {
  it('are standalone, checked copies of the live catalog (its write-ahead log included), the newest N kept', () => {
    const { catalog, backupsDir } = catalogWithPhotos(500);
    try {
      const taken = [];
      for (let i = 0; i < 4; i++) {
        catalog.files.observe(catalog.sources.list()[0]!.id, `later/${i}.jpg`, 10, 1000);
        taken.push(backUpCatalog(catalog.db, backupsDir, 3));
      }
      const kept = listBackups(backupsDir);
      expect(kept.map((b) => b.file)).toEqual(
        taken
          .slice(1)
          .reverse()
          .map((b) => b.file),
      );
      // Nothing beside the copies: no -wal, -shm or temp files to lose when one is copied elsewhere.
      expect(fs.readdirSync(backupsDir).sort()).toEqual(kept.map((b) => path.basename(b.file)).sort());
      expect(fileCount(kept[0]!.file)).toBe(504);
      expect(fileCount(kept[2]!.file)).toBe(502);
    } finally {
      catalog.close();
    }
  });

  it('leave out what a killed backup half wrote, and remove it on the next one', () => {
    const { catalog, backupsDir } = catalogWithPhotos(10);
    try {
      fs.mkdirSync(backupsDir);
      const stray = path.join(backupsDir, 'catalog-20260101T000000000Z.sqlite.tmp-999-1-1');
      fs.writeFileSync(stray, 'half a copy');
      expect(listBackups(backupsDir)).toEqual([]);
      backUpCatalog(catalog.db, backupsDir, 3);
      expect(fs.existsSync(stray)).toBe(false);
      expect(listBackups(backupsDir)).toHaveLength(1);
    } finally {
      catalog.close();
    }
  });

  it('of a damaged catalog fail, and the older good copies stay', () => {
    const { catalog, backupsDir } = catalogWithPhotos(2000);
    const file = catalog.file;
    const good = backUpCatalog(catalog.db, backupsDir, 3);
    catalog.close();
    flipPages(file, [6, 7]);
    // Opened without the check on open, as a catalog that went bad while the app ran.
    const db = new Database(file);
    try {
      expect(() => backUpCatalog(db, backupsDir, 3)).toThrow(CatalogDamagedError);
      expect(listBackups(backupsDir).map((b) => b.file)).toEqual([good.file]);
      expect(fs.readdirSync(backupsDir)).toEqual([path.basename(good.file)]);
    } finally {
      db.close();
    }
  });
});

describe('the backup schedule', () => {
  it('takes a copy after indexing once the library is quiet, not again within the interval, and one on close when due', async () => {
    const { catalog, backupsDir } = catalogWithPhotos(5);
    const schedule = new BackupSchedule(catalog, backupsDir, { quietMs: 50, minIntervalMs: 60_000 });
    try {
      // A library with sources and no copy yet is due at once (the daily copy); the quiet wait applies.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(listBackups(backupsDir)).toHaveLength(1);
      schedule.afterIndexing();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(listBackups(backupsDir)).toHaveLength(1);
    } finally {
      await schedule.close();
    }
    const later = new BackupSchedule(catalog, backupsDir, { quietMs: 60_000, minIntervalMs: 0 });
    later.afterIndexing();
    await later.close();
    expect(listBackups(backupsDir)).toHaveLength(2);
    catalog.close();
  });

  it('reports damage a copy found in the open catalog (for the status bar and facet status), and keeps the older copies', async () => {
    const { catalog, backupsDir } = catalogWithPhotos(2000);
    const file = catalog.file;
    const good = backUpCatalog(catalog.db, backupsDir, 3);
    catalog.close();
    flipPages(file, [6, 7]);
    const damaged = new Catalog(new Database(file), file);
    const schedule = new BackupSchedule(damaged, backupsDir, { quietMs: 60_000 });
    try {
      expect(schedule.problem).toBeNull();
      await expect(schedule.backUpNow()).rejects.toThrow(CatalogDamagedError);
      expect(schedule.problem).toMatch(/is damaged .*facet doctor --repair/);
      expect(listBackups(backupsDir).map((b) => b.file)).toEqual([good.file]);
    } finally {
      await schedule.close();
      damaged.close();
    }
  });

  it('replaces every older copy with one fresh copy after biometrics are erased', async () => {
    const { catalog, backupsDir } = catalogWithPhotos(5);
    const schedule = new BackupSchedule(catalog, backupsDir, { quietMs: 60_000 });
    try {
      for (let i = 0; i < 3; i++) await schedule.backUpNow();
      await schedule.replaceAllCopies();
      const [only, ...rest] = listBackups(backupsDir);
      expect(rest).toEqual([]);
      expect(only!.takenAt.getTime()).toBeGreaterThan(Date.now() - 5000);
    } finally {
      await schedule.close();
      catalog.close();
    }
  });
});
