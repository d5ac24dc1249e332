import type { Db } from './database';
import { nowIso } from './time';

export type DerivativeKind = 'thumb' | 'preview' | 'face';

export interface DerivativeRow {
  sha256: string;
  kind: DerivativeKind;
  variant: string;
  /** Relative to the library folder. */
  path: string;
  width: number | null;
  height: number | null;
  bytes: number;
}

/** Thumbnails, previews and face crops, keyed by content so exact duplicates share them. */
export class DerivativesRepository {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly orphansStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.upsertStmt = db.prepare(`
      INSERT INTO derivatives (sha256, kind, variant, path, width, height, bytes, created_at)
      VALUES (@sha256, @kind, @variant, @path, @width, @height, @bytes, @createdAt)
      ON CONFLICT (sha256, kind, variant) DO UPDATE SET
        path = excluded.path, width = excluded.width, height = excluded.height, bytes = excluded.bytes`);
    this.getStmt = db.prepare<[string, string, string]>(
      `SELECT sha256, kind, variant, path, width, height, bytes FROM derivatives
       WHERE sha256 = ? AND kind = ? AND variant = ?`,
    );
    this.orphansStmt = db.prepare(`
      SELECT id, path FROM derivatives d
      WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = d.sha256)`);
    this.deleteStmt = db.prepare<[number]>('DELETE FROM derivatives WHERE id = ?');
  }

  /** Call only once the file at `path` is complete (the pipeline writes and renames). */
  record(row: DerivativeRow): void {
    this.upsertStmt.run({ ...row, createdAt: nowIso() });
  }

  get(sha256: string, kind: DerivativeKind, variant = ''): DerivativeRow | null {
    return (this.getStmt.get(sha256, kind, variant) as DerivativeRow | undefined) ?? null;
  }

  /** Removes rows of content no file references any more; returns their paths to delete. */
  deleteOrphans(): string[] {
    const rows = this.orphansStmt.all() as { id: number; path: string }[];
    for (const row of rows) this.deleteStmt.run(row.id);
    return rows.map((row) => row.path);
  }
}
