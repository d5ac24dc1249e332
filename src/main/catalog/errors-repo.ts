import type { IndexErrorInfo } from '../../shared/api';
import type { Db } from './database';
import { nowIso } from './time';

/** Why a file (or folder) could not be indexed: one row per problem, named for the user. */
export class ErrorsRepository {
  private readonly insertStmt;
  private readonly clearStmt;
  private readonly clearStageStmt;
  private readonly listStmt;
  private readonly listForSourceStmt;
  private readonly countStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[number | null, string, string, string, string]>(
      'INSERT INTO errors (source_id, path, stage, reason, at) VALUES (?, ?, ?, ?, ?)',
    );
    this.clearStmt = db.prepare<[number, string]>('DELETE FROM errors WHERE source_id = ? AND path = ?');
    this.clearStageStmt = db.prepare<[number, string]>('DELETE FROM errors WHERE source_id = ? AND stage = ?');
    const columns = 'id, source_id AS sourceId, path, stage, reason, at';
    this.listStmt = db.prepare<[number]>(`SELECT ${columns} FROM errors ORDER BY id DESC LIMIT ?`);
    this.listForSourceStmt = db.prepare<[number, number]>(`SELECT ${columns} FROM errors WHERE source_id = ? ORDER BY id DESC LIMIT ?`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM errors');
  }

  /** Replaces earlier errors of the same path, so a file that keeps failing is listed once. */
  record(sourceId: number, path: string, stage: string, reason: string): void {
    this.clearStmt.run(sourceId, path);
    this.insertStmt.run(sourceId, path, stage, reason, nowIso());
  }

  clear(sourceId: number, path: string): void {
    this.clearStmt.run(sourceId, path);
  }

  /** A full scan re-finds its own problems, so the previous scan's are dropped first. */
  clearStage(sourceId: number, stage: string): void {
    this.clearStageStmt.run(sourceId, stage);
  }

  list(limit: number, sourceId?: number): IndexErrorInfo[] {
    const rows = sourceId === undefined ? this.listStmt.all(limit) : this.listForSourceStmt.all(sourceId, limit);
    return rows as IndexErrorInfo[];
  }

  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }
}
