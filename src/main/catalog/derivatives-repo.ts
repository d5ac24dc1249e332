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
  private readonly totalsStmt;
  private readonly rederivablePreviewsStmt;

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
    this.totalsStmt = db.prepare('SELECT kind, count(*) AS count, coalesce(sum(bytes), 0) AS bytes FROM derivatives GROUP BY kind');
    this.rederivablePreviewsStmt = db.prepare(`
      SELECT d.id, d.sha256, d.path, d.bytes FROM derivatives d
      WHERE d.kind = 'preview' AND EXISTS (
        SELECT 1 FROM files f JOIN sources s ON s.id = f.source_id
        WHERE f.sha256 = d.sha256 AND f.state = 'indexed' AND s.kind = 'folder')`);
  }

  /** Call only once the file at `path` is complete (the pipeline writes and renames). */
  record(row: DerivativeRow): void {
    this.upsertStmt.run({ ...row, createdAt: nowIso() });
  }

  get(sha256: string, kind: DerivativeKind, variant = ''): DerivativeRow | null {
    return (this.getStmt.get(sha256, kind, variant) as DerivativeRow | undefined) ?? null;
  }

  /** Files and bytes of each kind (a row exists only while its file does). */
  totals(): Record<DerivativeKind, { count: number; bytes: number }> {
    const totals = { thumb: { count: 0, bytes: 0 }, preview: { count: 0, bytes: 0 }, face: { count: 0, bytes: 0 } };
    for (const row of this.totalsStmt.all() as { kind: DerivativeKind; count: number; bytes: number }[])
      totals[row.kind] = { count: row.count, bytes: row.bytes };
    return totals;
  }

  /** Previews an original in a folder source can render again: the ones the preview cache may evict. */
  rederivablePreviews(): (DerivativeRow & { id: number })[] {
    return this.rederivablePreviewsStmt.all() as (DerivativeRow & { id: number })[];
  }

  /** Call once its file is deleted. */
  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  /** Removes rows of content no file references any more; returns their paths to delete. */
  deleteOrphans(): string[] {
    const rows = this.orphansStmt.all() as { id: number; path: string }[];
    for (const row of rows) this.deleteStmt.run(row.id);
    return rows.map((row) => row.path);
  }
}
