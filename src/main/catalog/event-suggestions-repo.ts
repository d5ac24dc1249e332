import type { EventSuggestion } from '../../shared/api';
import type { Db } from './database';
import { wallClockIso } from './events-repo';
import { nowIso } from './time';

export type SuggestionState = 'open' | 'accepted' | 'dismissed';

/** A computed suggestion before it is stored: a span of capture times (sort_time ms, inclusive). */
export interface SuggestionSpan {
  name: string;
  startTime: number;
  endTime: number;
  photoCount: number;
  coverFileId: number;
}

export interface SuggestionRow extends SuggestionSpan {
  id: number;
  state: SuggestionState;
  eventId: number | null;
}

const columns = `id, name, start_time AS startTime, end_time AS endTime, photo_count AS photoCount,
  cover_file_id AS coverFileId, state, event_id AS eventId`;

/**
 * Suggestions persist so that the user's answers stick: accepted and dismissed spans are never
 * suggested again, and an open suggestion keeps its id while a recomputation finds it unchanged.
 */
export class EventSuggestionsRepository {
  private readonly listStmt;
  private readonly getStmt;
  private readonly decidedStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly decideStmt;

  constructor(private readonly db: Db) {
    this.listStmt = db.prepare<[string]>(`SELECT ${columns} FROM event_suggestions WHERE state = ? ORDER BY start_time DESC, id`);
    this.getStmt = db.prepare<[number]>(`SELECT ${columns} FROM event_suggestions WHERE id = ?`);
    this.decidedStmt = db.prepare(`SELECT start_time AS startTime, end_time AS endTime FROM event_suggestions WHERE state != 'open'`);
    this.insertStmt = db.prepare(`
      INSERT INTO event_suggestions (name, start_time, end_time, photo_count, cover_file_id, created_at)
      VALUES (@name, @startTime, @endTime, @photoCount, @coverFileId, @createdAt)`);
    this.updateStmt = db.prepare(
      'UPDATE event_suggestions SET name = @name, photo_count = @photoCount, cover_file_id = @coverFileId WHERE id = @id',
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM event_suggestions WHERE id = ?');
    this.decideStmt = db.prepare<[string, number | null, number]>(
      `UPDATE event_suggestions SET state = ?, event_id = ? WHERE id = ? AND state = 'open'`,
    );
  }

  list(state: SuggestionState): SuggestionRow[] {
    return this.listStmt.all(state) as SuggestionRow[];
  }

  get(id: number): SuggestionRow | null {
    return (this.getStmt.get(id) as SuggestionRow | undefined) ?? null;
  }

  /** Spans the user already answered (accepted or dismissed). */
  decidedSpans(): { startTime: number; endTime: number }[] {
    return this.decidedStmt.all() as { startTime: number; endTime: number }[];
  }

  /** Makes the open suggestions exactly `spans`, keeping the ids of spans that did not move. */
  replaceOpen(spans: readonly SuggestionSpan[]): void {
    this.db
      .transaction(() => {
        const open = new Map(this.list('open').map((row) => [`${row.startTime}:${row.endTime}`, row]));
        for (const span of spans) {
          const key = `${span.startTime}:${span.endTime}`;
          const kept = open.get(key);
          if (kept) {
            this.updateStmt.run({ id: kept.id, name: span.name, photoCount: span.photoCount, coverFileId: span.coverFileId });
            open.delete(key);
          } else {
            this.insertStmt.run({ ...span, createdAt: nowIso() });
          }
        }
        for (const stale of open.values()) this.deleteStmt.run(stale.id);
      })
      .immediate();
  }

  /** False when the suggestion is not open (already answered or gone). */
  decide(id: number, state: Exclude<SuggestionState, 'open'>, eventId: number | null = null): boolean {
    return this.decideStmt.run(state, eventId, id).changes > 0;
  }
}

export function toEventSuggestion(row: SuggestionRow): EventSuggestion {
  return {
    id: row.id,
    name: row.name,
    startsAt: wallClockIso(row.startTime),
    endsAt: wallClockIso(row.endTime),
    photoCount: row.photoCount,
    coverPhotoId: row.coverFileId,
  };
}
