import type { ProcessedFile } from '../domain/indexed-file';
import type { Db } from './database';
import { nowIso, sortKeyOf } from './time';

/** What a scan decided about one file it saw. */
export type Observation = 'new' | 'changed' | 'unchanged' | 'pending';

export interface PendingFile {
  id: number;
  sourceId: number;
  relPath: string;
  sizeBytes: number;
  mtimeMs: number;
}

interface ExistingRow {
  id: number;
  size_bytes: number;
  mtime_ms: number;
  state: string;
}

/** Rows under `prefix/` (or every row when prefix is ''): '/' + 1 is '0' in byte order. */
export function underPrefix(prefix: string): [string, string] {
  return prefix === '' ? ['', '\u{10FFFF}'] : [`${prefix}/`, `${prefix}0`];
}

/** The indexing side of the files table: scans upsert rows, the processing loop commits facts. */
export class FilesRepository {
  private readonly findStmt;
  private readonly insertStmt;
  private readonly requeueStmt;
  private readonly listLiveUnderStmt;
  private readonly markMissingStmt;
  private readonly markMissingUnderStmt;
  private readonly pendingStmt;
  private readonly commitStmt;
  private readonly markErrorStmt;
  private readonly retryFailedStmt;
  private readonly pendingPathsStmt;
  private readonly pendingCountStmt;

  constructor(db: Db) {
    this.findStmt = db.prepare<[number, string]>('SELECT id, size_bytes, mtime_ms, state FROM files WHERE source_id = ? AND rel_path = ?');
    this.insertStmt = db.prepare<[number, string, number, number]>('INSERT INTO files (source_id, rel_path, size_bytes, mtime_ms) VALUES (?, ?, ?, ?)');
    this.requeueStmt = db.prepare<[number, number, number]>(
      `UPDATE files SET size_bytes = ?, mtime_ms = ?, state = 'pending', missing_since = NULL WHERE id = ?`,
    );
    this.listLiveUnderStmt = db.prepare<[number, string, string]>(
      `SELECT id, rel_path AS relPath FROM files
       WHERE source_id = ? AND rel_path >= ? AND rel_path < ? AND state != 'missing'`,
    );
    this.markMissingStmt = db.prepare<[string, number]>(`UPDATE files SET state = 'missing', missing_since = ? WHERE id = ? AND state != 'missing'`);
    this.markMissingUnderStmt = db.prepare<[string, number, string, string, string]>(
      `UPDATE files SET state = 'missing', missing_since = ?
       WHERE source_id = ? AND ((rel_path >= ? AND rel_path < ?) OR rel_path = ?) AND state != 'missing'`,
    );
    this.pendingStmt = db.prepare<[number]>(
      `SELECT id, source_id AS sourceId, rel_path AS relPath, size_bytes AS sizeBytes, mtime_ms AS mtimeMs
       FROM files WHERE state = 'pending'
         AND source_id IN (SELECT id FROM sources WHERE state NOT IN ('paused', 'error'))
       ORDER BY id LIMIT ?`,
    );
    // The size/mtime guard keeps a result of an older version of the file from landing on a
    // row a newer scan has already re-queued.
    this.commitStmt = db.prepare(`
      UPDATE files SET state = 'indexed', sha256 = @sha256, content_type = @contentType,
        media_type = @mediaType, taken_at = @takenAt, taken_at_offset = @takenAtOffset,
        sort_time = @sortTime, sort_month = @sortMonth, width = @width, height = @height,
        orientation = @orientation, camera_make = @cameraMake, camera_model = @cameraModel,
        lens_model = @lensModel, latitude = @latitude, longitude = @longitude, altitude = @altitude,
        duration_seconds = @durationSeconds, dhash = @dhash, file_rating = @fileRating,
        face_state = @faceState, face_state_reason = @faceStateReason, indexed_at = @indexedAt
      WHERE id = @id AND state = 'pending' AND size_bytes = @sizeBytes AND mtime_ms = @mtimeMs`);
    this.markErrorStmt = db.prepare<[number, number, number]>(
      `UPDATE files SET state = 'error' WHERE id = ? AND state = 'pending' AND size_bytes = ? AND mtime_ms = ?`,
    );
    this.retryFailedStmt = db.prepare<[number | null, number | null]>(
      `UPDATE files SET state = 'pending' WHERE state = 'error' AND (? IS NULL OR source_id = ?)
       RETURNING source_id AS sourceId, rel_path AS relPath`,
    );
    this.pendingPathsStmt = db.prepare(`SELECT source_id AS sourceId, rel_path AS relPath FROM files WHERE state = 'pending' ORDER BY id`);
    this.pendingCountStmt = db.prepare<[number]>(`SELECT count(*) AS n FROM files WHERE source_id = ? AND state = 'pending'`);
  }

  /**
   * Records that a scan saw a file. New files and files whose size or mtime changed become
   * pending; an unchanged indexed (or failed) file costs nothing.
   */
  observe(sourceId: number, relPath: string, sizeBytes: number, mtimeMs: number): Observation {
    const row = this.findStmt.get(sourceId, relPath) as ExistingRow | undefined;
    if (row === undefined) {
      this.insertStmt.run(sourceId, relPath, sizeBytes, mtimeMs);
      return 'new';
    }
    const same = row.size_bytes === sizeBytes && row.mtime_ms === mtimeMs;
    if (same && (row.state === 'indexed' || row.state === 'error')) return 'unchanged';
    if (same && row.state === 'pending') return 'pending';
    this.requeueStmt.run(sizeBytes, mtimeMs, row.id);
    return 'changed';
  }

  /**
   * After a complete scan of `prefix` (a folder relative to the root, '' for all of it): every
   * live row below it that the scan did not see has vanished. Rows below `unreadable` folders
   * are left alone: a folder we could not list is not a folder whose files were deleted.
   */
  markUnseenMissing(sourceId: number, prefix: string, seen: ReadonlySet<string>, unreadable: readonly string[] = []): number {
    const at = nowIso();
    const rows = this.listLiveUnderStmt.all(sourceId, ...underPrefix(prefix)) as { id: number; relPath: string }[];
    let marked = 0;
    for (const row of rows) {
      if (seen.has(row.relPath)) continue;
      if (unreadable.some((dir) => dir === '' || row.relPath.startsWith(`${dir}/`))) continue;
      marked += this.markMissingStmt.run(at, row.id).changes;
    }
    return marked;
  }

  /** A watched path vanished: it was a file, or a folder with files below it. */
  markMissingAt(sourceId: number, relPath: string): number {
    return this.markMissingUnderStmt.run(nowIso(), sourceId, ...underPrefix(relPath), relPath).changes;
  }

  /** The indexing queue: pending rows of sources that are reachable (not paused, not in error), oldest first. */
  pending(limit: number): PendingFile[] {
    return this.pendingStmt.all(limit) as PendingFile[];
  }

  pendingCount(sourceId: number): number {
    return (this.pendingCountStmt.get(sourceId) as { n: number }).n;
  }

  /** Stores the pipeline's facts; false when the row changed meanwhile (it stays pending). */
  commitProcessed(file: PendingFile, result: ProcessedFile): boolean {
    const meta = result.metadata;
    const { sortTime, sortMonth } = sortKeyOf(meta.takenAt, file.mtimeMs);
    const info = this.commitStmt.run({
      id: file.id,
      sizeBytes: file.sizeBytes,
      mtimeMs: file.mtimeMs,
      sha256: result.sha256,
      contentType: result.contentType,
      mediaType: result.mediaType,
      takenAt: meta.takenAt,
      takenAtOffset: meta.takenAtOffset,
      sortTime,
      sortMonth,
      width: result.width,
      height: result.height,
      orientation: meta.orientation,
      cameraMake: meta.cameraMake,
      cameraModel: meta.cameraModel,
      lensModel: meta.lensModel,
      latitude: meta.latitude,
      longitude: meta.longitude,
      altitude: meta.altitude,
      durationSeconds: meta.durationSeconds,
      fileRating: meta.rating,
      dhash: result.dhash === null ? null : dhashToInteger(result.dhash),
      ...faceStateOf(result),
      indexedAt: nowIso(),
    });
    return info.changes > 0;
  }

  /** Every file waiting to be indexed, of every source. */
  pendingPaths(): { sourceId: number; relPath: string }[] {
    return this.pendingPathsStmt.all() as { sourceId: number; relPath: string }[];
  }

  /** Files that could not be indexed (of one source, or all) are queued again; returns which. */
  retryFailed(sourceId: number | null): { sourceId: number; relPath: string }[] {
    return this.retryFailedStmt.all(sourceId, sourceId) as { sourceId: number; relPath: string }[];
  }

  markError(file: PendingFile): boolean {
    return this.markErrorStmt.run(file.id, file.sizeBytes, file.mtimeMs).changes > 0;
  }
}

/**
 * A file's face state as the pipeline left it. 'pending' when the content was decoded before:
 * the library then takes the state of a copy that has it, or finds the faces later.
 */
function faceStateOf(result: ProcessedFile): { faceState: string; faceStateReason: string | null } {
  if (result.facesSkippedReason !== null) return { faceState: 'skipped', faceStateReason: result.facesSkippedReason };
  if (result.faces?.state === 'error') return { faceState: 'error', faceStateReason: result.faces.reason };
  if (result.faces?.state === 'done' || result.faces?.state === 'stored') return { faceState: 'done', faceStateReason: null };
  return { faceState: 'pending', faceStateReason: null };
}

/** 16 hex digits -> the signed 64-bit integer SQLite stores (two's complement). */
export function dhashToInteger(hex: string): bigint {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new Error(`dHash must be 16 hex digits, got ${JSON.stringify(hex)}`);
  return BigInt.asIntN(64, BigInt(`0x${hex}`));
}

export function integerToDhash(value: bigint): string {
  return BigInt.asUintN(64, value).toString(16).padStart(16, '0');
}
