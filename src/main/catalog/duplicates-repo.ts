import type { SourceKind } from '../../shared/api';
import type { Db } from './database';
import { listed, originalLocation } from './photo-queries';

/** What choosing a keeper and acting on the rest of a duplicate group needs of each photo. */
export interface DuplicateMemberRow {
  id: number;
  sha256: string;
  sourceId: number;
  sourceKind: SourceKind;
  relPath: string;
  /** The original's location: a path on disk, or s3://bucket/key. */
  path: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  mtimeMs: number;
  hidden: boolean;
}

/** The duplicates screen's reads and the one write of "move the rest to the trash". */
export class DuplicatesRepository {
  private readonly memberStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.memberStmt = db.prepare<[number]>(`
      SELECT f.id, f.sha256, f.source_id AS sourceId, s.kind AS sourceKind, s.root, f.rel_path AS relPath,
        f.width, f.height, f.taken_at AS takenAt, f.mtime_ms AS mtimeMs, f.hidden
      FROM files f JOIN sources s ON s.id = f.source_id WHERE f.id = ? AND ${listed}`);
    this.deleteStmt = db.prepare<[number]>('DELETE FROM files WHERE id = ?');
  }

  /** Listed photos only; an unknown id is left out. */
  members(photoIds: readonly number[]): DuplicateMemberRow[] {
    return photoIds.flatMap((id) => {
      const row = this.memberStmt.get(id) as (Omit<DuplicateMemberRow, 'path' | 'hidden'> & { root: string; hidden: number }) | undefined;
      if (row === undefined) return [];
      const { root, hidden, ...rest } = row;
      return [{ ...rest, hidden: hidden === 1, path: originalLocation(row.sourceKind, root, row.relPath) }];
    });
  }

  /**
   * The photo's file went to the system trash: it leaves the library (its events with it). A
   * watcher that sees the file go afterwards finds no row to mark missing.
   */
  removeFile(photoId: number): void {
    this.deleteStmt.run(photoId);
  }
}
