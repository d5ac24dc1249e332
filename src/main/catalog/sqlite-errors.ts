import Database from 'better-sqlite3';

/** A UNIQUE constraint refused the write (two adds of the same thing racing past validation): told by SQLite's error code, not its message. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}
