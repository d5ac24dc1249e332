import type { Db } from './database';
import { nowIso } from './time';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: number;
  kind: string;
  subject: string;
  state: JobState;
  attempts: number;
  lastError: string | null;
}

/**
 * Long-running work that must survive a restart (a folder scan, later face passes). A job left
 * 'running' by a killed process is simply started again: every job kind is idempotent.
 */
export class JobsRepository {
  private readonly findOpenStmt;
  private readonly insertStmt;
  private readonly setStateStmt;
  private readonly startStmt;
  private readonly listOpenStmt;

  constructor(db: Db) {
    const columns = 'id, kind, subject, state, attempts, last_error AS lastError';
    this.findOpenStmt = db.prepare<[string, string]>(`SELECT ${columns} FROM jobs WHERE kind = ? AND subject = ? AND state IN ('queued', 'running')`);
    this.insertStmt = db.prepare<[string, string, string, string]>(
      `INSERT INTO jobs (kind, subject, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING ${columns}`,
    );
    this.setStateStmt = db.prepare<[string, string | null, string, number]>('UPDATE jobs SET state = ?, last_error = ?, updated_at = ? WHERE id = ?');
    this.startStmt = db.prepare<[string, number]>(`UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?`);
    this.listOpenStmt = db.prepare<[string]>(`SELECT ${columns} FROM jobs WHERE kind = ? AND state IN ('queued', 'running') ORDER BY id`);
  }

  /** The open job for (kind, subject), created if there is none: enqueuing twice is one job. */
  enqueue(kind: string, subject: string): JobRow {
    const open = this.findOpenStmt.get(kind, subject) as JobRow | undefined;
    if (open !== undefined) return open;
    const at = nowIso();
    return this.insertStmt.get(kind, subject, at, at) as JobRow;
  }

  start(id: number): void {
    this.startStmt.run(nowIso(), id);
  }

  finish(id: number): void {
    this.setStateStmt.run('done', null, nowIso(), id);
  }

  fail(id: number, error: string): void {
    this.setStateStmt.run('failed', error, nowIso(), id);
  }

  listOpen(kind: string): JobRow[] {
    return this.listOpenStmt.all(kind) as JobRow[];
  }
}
