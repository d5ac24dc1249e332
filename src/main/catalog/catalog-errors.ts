/**
 * Why a library's catalog cannot be used, in words a user can act on. Kept free of imports so the
 * CLI can recognise these without loading SQLite.
 */
export class CatalogUnusableError extends Error {
  constructor(
    readonly catalogFile: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

const repairHint = 'Close Facet everywhere, then run `facet doctor --repair` to restore the newest good backup and re-index what changed since.';

/** SQLite found the file is not a database, or a page of it is malformed. */
export class CatalogDamagedError extends CatalogUnusableError {
  constructor(catalogFile: string, detail: string) {
    super(catalogFile, damageMessage(detail, catalogFile));
  }
}

/** What to tell the user about damage, also when it shows mid-session in a query's error. */
export function damageMessage(detail: string, catalogFile?: string): string {
  return `The catalog${catalogFile ? ` ${catalogFile}` : ''} is damaged (${detail}). ${repairHint}`;
}

/**
 * The catalog is gone or empty while the library still holds what only an indexed catalog makes:
 * starting a fresh one would silently drop every name, merge, event and guest.
 */
export class CatalogEmptiedError extends CatalogUnusableError {
  constructor(catalogFile: string, evidence: string) {
    super(
      catalogFile,
      `The catalog ${catalogFile} is missing or empty, but ${evidence}. Facet will not start over with an empty library. ${repairHint} To start over on purpose, delete the whole library folder.`,
    );
  }
}

/** SQLite's result codes for a file that is not (or no longer) a well-formed database. */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
