import { FACE_MODELS_FAILED } from '../domain/indexed-file';
import type { Db } from './database';
import type { PendingFile } from './files-repo';

/** An indexed photo whose faces are to be found (or re-embedded) from its original. */
export interface FaceWorkFile extends PendingFile {
  sha256: string;
}

const workColumns = `f.id, f.source_id AS sourceId, f.rel_path AS relPath, f.size_bytes AS sizeBytes,
  f.mtime_ms AS mtimeMs, f.sha256`;
/** Sources whose originals can be read now (the same rule as the indexing queue). */
const reachable = `f.source_id IN (SELECT id FROM sources WHERE state NOT IN ('paused', 'error'))`;

/**
 * files.face_state: 'done' once the faces of the file's content are stored (none found is 'done'
 * with no faces, which the read side reports as 'none'), 'skipped' or 'error' with a reason, and
 * 'pending' while they are still to be found: the face queue.
 */
export class FaceStatesRepository {
  private readonly markContentDoneStmt;
  private readonly markErrorStmt;
  private readonly retryFailedStmt;
  private readonly adoptStmt;
  private readonly queueStmt;
  private readonly queueCountStmt;
  private readonly liveFileStmt;
  private readonly requeueStmt;
  private readonly requeueSkippedStmt;

  constructor(db: Db) {
    this.markContentDoneStmt = db.prepare<[string]>(`
      UPDATE files SET face_state = 'done', face_state_reason = NULL
      WHERE sha256 = ? AND state IN ('indexed', 'missing') AND face_state != 'done'`);
    this.markErrorStmt = db.prepare<[string, number]>(`UPDATE files SET face_state = 'error', face_state_reason = ? WHERE id = ? AND face_state != 'done'`);
    this.adoptStmt = db.prepare<[number, string]>(`
      UPDATE files SET face_state = 'done', face_state_reason = NULL
      WHERE id = ? AND face_state IN ('pending', 'error')
        AND EXISTS (SELECT 1 FROM files g WHERE g.sha256 = ? AND g.face_state = 'done')`);
    this.queueStmt = db.prepare<[number, number]>(`
      SELECT ${workColumns} FROM files f
      WHERE f.face_state = 'pending' AND f.state = 'indexed' AND f.id > ? AND ${reachable}
      ORDER BY f.id LIMIT ?`);
    this.queueCountStmt = db.prepare(`
      SELECT count(*) AS n FROM files f
      WHERE f.face_state = 'pending' AND f.state = 'indexed' AND ${reachable}`);
    this.liveFileStmt = db.prepare<[string]>(`
      SELECT ${workColumns} FROM files f
      WHERE f.sha256 = ? AND f.state = 'indexed' AND ${reachable}
      ORDER BY f.id LIMIT 1`);
    this.retryFailedStmt = db.prepare<[number | null, number | null]>(
      `UPDATE files SET face_state = 'pending', face_state_reason = NULL WHERE face_state = 'error' AND (? IS NULL OR source_id = ?)`,
    );
    this.requeueStmt = db.prepare<[string]>(
      `UPDATE files SET face_state = 'pending', face_state_reason = NULL WHERE face_state = 'error' AND face_state_reason LIKE ?`,
    );
    this.requeueSkippedStmt = db.prepare(
      `UPDATE files SET face_state = 'pending', face_state_reason = NULL WHERE face_state = 'skipped' AND state = 'indexed'`,
    );
  }

  /** Every photo with this content has its faces now. */
  markContentDone(sha256: string): number {
    return this.markContentDoneStmt.run(sha256).changes;
  }

  /** Photos whose faces could not be found (of one source, or all) are queued again; returns how many. */
  retryFailed(sourceId: number | null): number {
    return this.retryFailedStmt.run(sourceId, sourceId).changes;
  }

  /** Faces of this file could not be found; a content already done stays done. */
  markError(fileId: number, reason: string): void {
    this.markErrorStmt.run(reason, fileId);
  }

  /** A copy of content whose faces are known costs nothing: true when the file took their state. */
  adoptContentState(fileId: number, sha256: string): boolean {
    return this.adoptStmt.run(fileId, sha256).changes > 0;
  }

  /** Photos whose faces are still to be found, by id after `afterId` (a cursor). */
  queue(afterId: number, limit: number): FaceWorkFile[] {
    return this.queueStmt.all(afterId, limit) as FaceWorkFile[];
  }

  queuedCount(): number {
    return (this.queueCountStmt.get() as { n: number }).n;
  }

  /** Photos that failed only because the models did not load: worth another try with this run's pack. */
  requeueModelFailures(): number {
    return this.requeueStmt.run(`${FACE_MODELS_FAILED}%`).changes;
  }

  /** Face recognition was turned back on: photos indexed while it was off are queued; returns how many. */
  requeueSkipped(): number {
    return this.requeueSkippedStmt.run().changes;
  }

  /** An indexed, reachable photo with this content, to decode it from; null when there is none. */
  liveFileWithContent(sha256: string): FaceWorkFile | null {
    return (this.liveFileStmt.get(sha256) as FaceWorkFile | undefined) ?? null;
  }
}
