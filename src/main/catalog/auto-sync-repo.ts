import type { Db } from './database';

/** A linked event as automatic sync sees it (defaults for an event it never touched). */
export interface AutoSyncRow {
  eventId: number;
  paused: boolean;
  /** When auto-sync last tried (ISO); null: not yet. */
  lastAttemptAt: string | null;
  /** Attempts that failed in a row; 0 after a success. */
  failures: number;
  lastError: string | null;
}

interface AutoSyncDbRow extends Omit<AutoSyncRow, 'paused'> {
  paused: number;
}

const columns = `l.event_id AS eventId, coalesce(a.paused, 0) AS paused, a.last_attempt_at AS lastAttemptAt,
  coalesce(a.failures, 0) AS failures, a.last_error AS lastError`;

/** Automatic sync state per linked event (catalog migration 18). */
export class AutoSyncRepository {
  private readonly linkedStmt;
  private readonly getStmt;
  private readonly pauseStmt;
  private readonly attemptStmt;

  constructor(db: Db) {
    this.linkedStmt = db.prepare(`SELECT ${columns} FROM sync_links l LEFT JOIN sync_auto a ON a.event_id = l.event_id ORDER BY l.event_id`);
    this.getStmt = db.prepare<[number]>(`SELECT ${columns} FROM sync_links l LEFT JOIN sync_auto a ON a.event_id = l.event_id WHERE l.event_id = ?`);
    this.pauseStmt = db.prepare<[number, number]>(
      'INSERT INTO sync_auto (event_id, paused) VALUES (?, ?) ON CONFLICT (event_id) DO UPDATE SET paused = excluded.paused',
    );
    this.attemptStmt = db.prepare<{ eventId: number; at: string; error: string | null }>(`
      INSERT INTO sync_auto (event_id, last_attempt_at, failures, last_error)
      VALUES (:eventId, :at, CASE WHEN :error IS NULL THEN 0 ELSE 1 END, :error)
      ON CONFLICT (event_id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error,
        failures = CASE WHEN excluded.last_error IS NULL THEN 0 ELSE sync_auto.failures + 1 END`);
  }

  /** Every event linked to a shared location. */
  linked(): AutoSyncRow[] {
    return (this.linkedStmt.all() as AutoSyncDbRow[]).map(toRow);
  }

  /** Null when the event is not linked. */
  get(eventId: number): AutoSyncRow | null {
    const row = this.getStmt.get(eventId) as AutoSyncDbRow | undefined;
    return row ? toRow(row) : null;
  }

  setPaused(eventId: number, paused: boolean): void {
    this.pauseStmt.run(eventId, paused ? 1 : 0);
  }

  /** An attempt ended: `error` null for a success (the failures count starts again), else why it failed. */
  recordAttempt(eventId: number, at: string, error: string | null): void {
    this.attemptStmt.run({ eventId, at, error });
  }
}

function toRow(row: AutoSyncDbRow): AutoSyncRow {
  return { ...row, paused: row.paused === 1 };
}
