import Database from 'better-sqlite3';

/** Failures that say "not now" rather than "not this": a busy file or database, a full descriptor table, a dropped connection. */
const transientCodes = new Set(['EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/**
 * Whether trying the same job again a little later may well succeed: by error code (Node's, or
 * SQLite's busy and locked), or an error that says so itself (`transient: true`, as S3SourceError).
 */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('transient' in error && error.transient === true) return true;
  if (error instanceof Database.SqliteError) return error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED');
  return 'code' in error && typeof error.code === 'string' && transientCodes.has(error.code);
}
