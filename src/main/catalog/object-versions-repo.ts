import type { Db } from './database';
import type { Observation } from './files-repo';
import { nowIso } from './time';

/** One S3 object as the catalog last recorded it (rel_path is the key below the source prefix). */
export interface RecordedObject {
  id: number;
  relPath: string;
  etag: string | null;
  sizeBytes: number;
  mtimeMs: number;
  state: 'pending' | 'indexed' | 'error';
}

/** An object version as a listing (or a download) reported it. */
export interface ListedVersion {
  relPath: string;
  etag: string;
  sizeBytes: number;
  mtimeMs: number;
}

/**
 * The object-store side of the files table: rows of S3 sources carry the ETag they were listed
 * with, next to size (Size) and mtime (LastModified), so a listing alone tells what changed.
 */
export class ObjectVersionsRepository {
  private readonly liveStmt;
  private readonly findStmt;
  private readonly insertStmt;
  private readonly requeueStmt;
  private readonly etagStmt;
  private readonly missingStmt;
  private readonly retryDownloadsStmt;

  constructor(db: Db) {
    this.liveStmt = db.prepare<[number]>(
      `SELECT id, rel_path AS relPath, etag, size_bytes AS sizeBytes, mtime_ms AS mtimeMs, state
       FROM files WHERE source_id = ? AND state != 'missing'`,
    );
    this.findStmt = db.prepare<[number, string]>('SELECT id FROM files WHERE source_id = ? AND rel_path = ?');
    this.insertStmt = db.prepare<[number, string, number, number, string]>(
      'INSERT INTO files (source_id, rel_path, size_bytes, mtime_ms, etag) VALUES (?, ?, ?, ?, ?)',
    );
    this.requeueStmt = db.prepare<[number, number, string, number]>(
      `UPDATE files SET size_bytes = ?, mtime_ms = ?, etag = ?, state = 'pending', missing_since = NULL WHERE id = ?`,
    );
    this.etagStmt = db.prepare<[number]>('SELECT etag FROM files WHERE id = ?');
    this.missingStmt = db.prepare<[string, number, string]>(
      `UPDATE files SET state = 'missing', missing_since = ? WHERE source_id = ? AND rel_path = ? AND state != 'missing'`,
    );
    // Error rows are keyed by location: the source root (one trailing slash) + rel_path.
    this.retryDownloadsStmt = db.prepare<{ sourceId: number; base: string }>(
      `UPDATE files SET state = 'pending'
       WHERE source_id = @sourceId AND state = 'error' AND EXISTS (
         SELECT 1 FROM errors e WHERE e.source_id = @sourceId AND e.stage = 'download' AND e.path = @base || files.rel_path)`,
    );
  }

  /** Every row of the source that is not missing: what the next listing is compared with. */
  live(sourceId: number): RecordedObject[] {
    return this.liveStmt.all(sourceId) as RecordedObject[];
  }

  /** A new object becomes a pending row; a known one (changed, or back after missing) is queued again. */
  record(sourceId: number, version: ListedVersion): Exclude<Observation, 'unchanged' | 'pending'> {
    const row = this.findStmt.get(sourceId, version.relPath) as { id: number } | undefined;
    if (row === undefined) {
      this.insertStmt.run(sourceId, version.relPath, version.sizeBytes, version.mtimeMs, version.etag);
      return 'new';
    }
    this.requeueStmt.run(version.sizeBytes, version.mtimeMs, version.etag, row.id);
    return 'changed';
  }

  etagOf(fileId: number): string | null {
    return (this.etagStmt.get(fileId) as { etag: string | null } | undefined)?.etag ?? null;
  }

  /**
   * Rows whose download failed although the source stayed online (a server that kept failing one
   * object) are tried again by the next scan, unlike files that failed for what they contain.
   */
  retryFailedDownloads(sourceId: number, root: string): number {
    return this.retryDownloadsStmt.run({ sourceId, base: `${root.replace(/\/+$/, '')}/` }).changes;
  }

  markMissing(sourceId: number, relPath: string): number {
    return this.missingStmt.run(nowIso(), sourceId, relPath).changes;
  }
}
