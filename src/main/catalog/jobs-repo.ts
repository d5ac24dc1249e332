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
  /** When the row last changed state (ISO 8601 UTC): for a failed job, when it failed. */
  updatedAt: string;
}

/**
 * The job runner's record (jobs/job-runner.ts): per kind and subject at most one open row (queued
 * or running) and one settled row, its latest outcome. A failed row is a dead letter, kept until
 * the same job succeeds or the user retries it. A row left 'running' by a killed process goes back
 * to 'queued' when the catalog is next opened by the runner: every job kind is idempotent.
 */
export class JobsRepository {
  private readonly findOpenStmt;
  private readonly insertStmt;
  private readonly setStateStmt;
  private readonly startStmt;
  private readonly getStmt;
  private readonly deleteStmt;
  private readonly deleteAllStmt;
  private readonly deleteNeverStartedStmt;
  private readonly deleteSettledStmt;
  private readonly listStmt;
  private readonly interruptedStmt;

  constructor(private readonly db: Db) {
    const columns = 'id, kind, subject, state, attempts, last_error AS lastError, updated_at AS updatedAt';
    this.findOpenStmt = db.prepare<[string, string]>(`SELECT ${columns} FROM jobs WHERE kind = ? AND subject = ? AND state IN ('queued', 'running')`);
    this.insertStmt = db.prepare<[string, string, string, string]>(
      `INSERT INTO jobs (kind, subject, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING ${columns}`,
    );
    this.setStateStmt = db.prepare<[string, string | null, string, number]>('UPDATE jobs SET state = ?, last_error = ?, updated_at = ? WHERE id = ?');
    this.startStmt = db.prepare<[string, number]>(`UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?`);
    this.getStmt = db.prepare<[number]>(`SELECT ${columns} FROM jobs WHERE id = ?`);
    this.deleteStmt = db.prepare<[number]>('DELETE FROM jobs WHERE id = ?');
    this.deleteAllStmt = db.prepare<[string, string]>('DELETE FROM jobs WHERE kind = ? AND subject = ?');
    this.deleteNeverStartedStmt = db.prepare<[string, string]>(`DELETE FROM jobs WHERE kind = ? AND subject = ? AND state = 'queued' AND attempts = 0`);
    this.deleteSettledStmt = db.prepare<[string, string, number]>(
      `DELETE FROM jobs WHERE kind = ? AND subject = ? AND state IN ('done', 'failed') AND id <> ?`,
    );
    this.listStmt = db.prepare<[string]>(`SELECT ${columns} FROM jobs WHERE state = ? ORDER BY id`);
    this.interruptedStmt = db.prepare<[string]>(`UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`);
  }

  /** The open job for (kind, subject), created if there is none: enqueuing twice is one job. */
  enqueue(kind: string, subject: string): JobRow {
    const open = this.findOpenStmt.get(kind, subject) as JobRow | undefined;
    if (open !== undefined) return open;
    const at = nowIso();
    return this.insertStmt.get(kind, subject, at, at) as JobRow;
  }

  get(id: number): JobRow | null {
    return (this.getStmt.get(id) as JobRow | undefined) ?? null;
  }

  /** One more attempt begins. */
  start(id: number): void {
    this.startStmt.run(nowIso(), id);
  }

  /** Back in the queue: an attempt that failed for a passing reason (kept as the reason), or a run stopped by shutdown. */
  requeue(id: number, reason: string | null = null): void {
    this.setStateStmt.run('queued', reason, nowIso(), id);
  }

  /** Done: the job's earlier outcomes (an older dead letter included) are dropped. */
  finish(id: number): void {
    this.settle(id, 'done', null);
  }

  /** A dead letter with its reason, replacing the job's earlier outcome. */
  fail(id: number, reason: string): void {
    this.settle(id, 'failed', reason);
  }

  remove(id: number): void {
    this.deleteStmt.run(id);
  }

  /** A cancelled job (its subject went away) leaves no row, open or settled. */
  removeAll(kind: string, subject: string): void {
    this.deleteAllStmt.run(kind, subject);
  }

  /** A request that never ran (the engine closed first) leaves no row. */
  removeNeverStarted(kind: string, subject: string): void {
    this.deleteNeverStartedStmt.run(kind, subject);
  }

  list(state: JobState): JobRow[] {
    return this.listStmt.all(state) as JobRow[];
  }

  /** Rows a killed process left 'running' are queued again; returns how many. */
  requeueInterrupted(): number {
    return this.interruptedStmt.run(nowIso()).changes;
  }

  private settle(id: number, state: 'done' | 'failed', reason: string | null): void {
    this.db.transaction(() => {
      const row = this.get(id);
      if (row === null) return;
      this.setStateStmt.run(state, reason, nowIso(), id);
      this.deleteSettledStmt.run(row.kind, row.subject, id);
    })();
  }
}
