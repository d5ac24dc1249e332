/**
 * Puts the newest good backup in place of a damaged catalog. The damaged files are kept beside
 * it (renamed), never deleted: they may still hold something worth salvaging by hand.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { commitTempFile, tempPathFor } from '../fs/atomic-file';
import { backupProblems, listBackups, type CatalogBackup } from './backups';
import type { LibraryLayout } from './layout';

export interface RestoredCatalog {
  backup: CatalogBackup;
  /** Where the damaged catalog now is; null when there was none (missing). */
  damagedCopy: string | null;
  /** Newer copies passed over, and why. */
  skipped: { file: string; problem: string }[];
}

/** No copy of the catalog can be restored. */
export class NoGoodBackupError extends Error {}

/** The SQLite files of one database: the file and its write-ahead log and shared-memory index. */
const sqliteSuffixes = ['', '-wal', '-shm', '-journal'];

export function restoreNewestGoodBackup(layout: LibraryLayout): RestoredCatalog {
  const skipped: RestoredCatalog['skipped'] = [];
  const backup = listBackups(layout.backupsDir).find((candidate) => {
    // The full check: this copy is about to become the only catalog.
    const problems = backupProblems(candidate.file, 'integrity_check');
    if (problems.length > 0) skipped.push({ file: candidate.file, problem: problems.join('; ') });
    return problems.length === 0;
  });
  if (backup === undefined) {
    const tried = skipped.map((s) => `${s.file}: ${s.problem}`).join('; ');
    throw new NoGoodBackupError(
      `no good catalog backup in ${layout.backupsDir}${tried ? ` (${tried})` : ''}. Photos can be indexed again from scratch, ` +
        `but names, merges, events and guests cannot: to start over, move the library folder ${layout.libraryDir} aside and add your folders again.`,
    );
  }
  const restored = tempPathFor(layout.catalogFile);
  copyFileSync(backup.file, restored);
  // The damaged catalog's log must go before the copy is in place: replayed onto the copy, it
  // would write the damaged file's pages into it.
  const aside = `${layout.catalogFile}.damaged-${Date.now()}`;
  const damagedCopy = existsSync(layout.catalogFile) ? aside : null;
  for (const suffix of sqliteSuffixes) {
    if (existsSync(layout.catalogFile + suffix)) renameSync(layout.catalogFile + suffix, aside + suffix);
  }
  commitTempFile(restored, layout.catalogFile);
  // The face index mirrors the catalog's faces by id; faces added after the backup would keep
  // their vectors under ids the restored catalog gives to other faces. It is rebuilt on open.
  rmSync(layout.vectorsDir, { recursive: true, force: true });
  return { backup, damagedCopy, skipped };
}
