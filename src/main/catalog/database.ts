import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CatalogDamagedError, CatalogEmptiedError, isCorruptionError } from './catalog-errors';
import { latestSchemaVersion, migrations, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /**
   * Asked when the file holds no schema yet (missing, zero bytes, or never migrated): why a new
   * catalog must not be made here, or null when it may. A library's catalog passes what else the
   * library holds, so a catalog that shrank to nothing is refused rather than silently reset.
   */
  refuseNew?: () => string | null;
}

/**
 * Opens (creating if needed) a catalog file, checks its structure and brings its schema up to
 * date. A damaged file fails with CatalogDamagedError, never a bare SqliteError.
 */
export function openDatabase(file: string, list: readonly Migration[] = migrations, options: OpenDatabaseOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Decided before SQLite touches the path: opening a missing file creates it.
  if (!fs.existsSync(file)) refuseIfNotNew(file, options);
  let db: Db | null = null;
  try {
    db = new Database(file);
    // Read-only checks first, so a refused or damaged file is left exactly as it was found.
    checkStructure(db, file);
    if (schemaVersion(db) === 0) refuseIfNotNew(file, options);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the
    // last commits, which the next scan redoes.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Embeddings are biometric data, and rows holding them are deleted and updated all the time
    // (a model upgrade, a forgotten person, a removed guest): every freed byte is overwritten, so
    // none lingers in the file whichever way it was freed.
    db.pragma('secure_delete = ON');
    migrate(db, list);
    return db;
  } catch (error) {
    db?.close();
    throw isCorruptionError(error) ? new CatalogDamagedError(file, (error as Error).message) : error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * `PRAGMA quick_check`: every page and b-tree well formed (it skips only the index-to-table
 * cross-check of integrity_check, which reads every row twice). Cheap next to what a damaged
 * catalog costs once the app has written more on top of it.
 */
export function structureProblems(db: Db, check: 'quick_check' | 'integrity_check' = 'quick_check'): string[] {
  const rows = db.pragma(`${check}(5)`, { simple: false }) as Record<string, string>[];
  const messages = rows.map((row) => Object.values(row)[0] ?? '');
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

function checkStructure(db: Db, file: string): void {
  const problems = structureProblems(db);
  if (problems.length > 0) throw new CatalogDamagedError(file, summarize(problems));
}

/** quick_check's report is multi-line and page-level; its first findings say enough in a message. */
function summarize(problems: string[]): string {
  const text = problems
    .join('; ')
    .replace(/\*\*\* in database main \*\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 240 ? `${text.slice(0, 240)}...` : text;
}

function refuseIfNotNew(file: string, options: OpenDatabaseOptions): void {
  const evidence = options.refuseNew?.() ?? null;
  if (evidence !== null) throw new CatalogEmptiedError(file, evidence);
}

function migrate(db: Db, list: readonly Migration[]): void {
  const current = schemaVersion(db);
  const newest = list.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`catalog schema version ${current} is newer than this Facet understands (${newest}); update Facet`);
  }
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export { latestSchemaVersion };
