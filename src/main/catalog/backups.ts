/**
 * Rolling copies of the catalog, so a damaged catalog can be restored (catalog/repair.ts) with
 * every name, merge, event and guest it held. Each copy is a standalone SQLite file written by
 * VACUUM INTO, checked, and only then moved into place: a copy that exists under its final name is
 * whole. VACUUM INTO rather than the online backup API: it writes live rows only, so bytes of
 * deleted rows (an erased face's embedding left in a free page) never reach a copy. It holds the
 * engine for its length (about a second per 100 MB of catalog), once per copy.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { commitTempFile, removeStrayTempFiles, tempPathFor } from '../fs/atomic-file';
import { CatalogDamagedError, isCorruptionError } from './catalog-errors';
import { structureProblems, type Db } from './database';
import { errorMessage } from '../../shared/error-message';

export interface CatalogBackup {
  file: string;
  takenAt: Date;
  bytes: number;
}

export interface BackupPolicy {
  /** Copies kept, newest first; older ones are deleted once a new one is in place. */
  keep: number;
  /** After an indexing run, no new copy when the newest is younger than this. */
  minIntervalMs: number;
  /** A copy is due when the newest is older than this (daily), even without indexing. */
  maxAgeMs: number;
  /** A due copy waits until nothing asked for one for this long (or the library closes). */
  quietMs: number;
}

export const defaultBackupPolicy: BackupPolicy = {
  keep: 5,
  minIntervalMs: 10 * 60_000,
  maxAgeMs: 24 * 3_600_000,
  quietMs: 30_000,
};

const backupName = /^catalog-(\d{8}T\d{9}Z)\.sqlite$/;

function nameFor(date: Date): string {
  return `catalog-${date.toISOString().replace(/[-:.]/g, '')}.sqlite`;
}

function dateOf(stamp: string): Date {
  const [, y, mo, d, h, mi, s, ms] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})Z$/.exec(stamp)!;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
}

/** The finished copies in `dir`, newest first (temp files of a copy in progress are not listed). */
export function listBackups(dir: string): CatalogBackup[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .flatMap((name) => {
      const match = backupName.exec(name);
      if (!match) return [];
      const file = path.join(dir, name);
      return [{ file, takenAt: dateOf(match[1]!), bytes: statSync(file).size }];
    })
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** What is wrong with a copy (empty when it is a sound catalog); `check` integrity_check reads every row. */
export function backupProblems(file: string, check: 'quick_check' | 'integrity_check' = 'quick_check'): string[] {
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems = structureProblems(db, check);
    if (problems.length === 0 && (db.pragma('user_version', { simple: true }) as number) === 0) problems.push('holds no catalog');
    return problems;
  } catch (error) {
    return [errorMessage(error)];
  } finally {
    db?.close();
  }
}

/**
 * Copies the catalog behind `db` into `dir` and keeps the newest `keep` copies. Throws
 * CatalogDamagedError, keeping the older copies, when SQLite meets a malformed page while copying
 * or the new copy fails its check: the catalog it came from is damaged.
 */
export function backUpCatalog(db: Db, dir: string, keep: number): CatalogBackup {
  // Copies a killed process left half-written. Two processes of one library backing up in the
  // same instant may lose one copy to this; the next one is taken soon after.
  removeStrayTempFiles(ensureDir(dir), (name) => backupName.test(name));
  const takenAt = new Date();
  const target = path.join(dir, nameFor(takenAt));
  const temp = tempPathFor(target);
  try {
    // A bound parameter: a library path may hold quotes.
    db.prepare('VACUUM INTO ?').run(temp);
    const copy = new Database(temp);
    try {
      // One self-contained file: no -wal or -shm to lose when it is copied or restored.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const problems = backupProblems(temp);
    if (problems.length > 0) throw new CatalogDamagedError(db.name, `its backup copy failed the check: ${problems.join('; ')}`);
    commitTempFile(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw isCorruptionError(error) ? new CatalogDamagedError(db.name, `copying it failed: ${(error as Error).message}`) : error;
  }
  for (const old of listBackups(dir).slice(keep)) rmSync(old.file, { force: true });
  return { file: target, takenAt, bytes: statSync(target).size };
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
