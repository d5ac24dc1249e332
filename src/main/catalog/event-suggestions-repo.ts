import type { EventSuggestion } from '../../shared/api';
import type { CoverCandidate } from '../domain/events';
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
  private readonly candidatesStmt;
  private readonly candidateFacesStmt;

  constructor(private readonly db: Db) {
    this.listStmt = db.prepare<[string]>(`SELECT ${columns} FROM event_suggestions WHERE state = ? ORDER BY start_time DESC, id`);
    this.getStmt = db.prepare<[number]>(`SELECT ${columns} FROM event_suggestions WHERE id = ?`);
    this.decidedStmt = db.prepare(`SELECT start_time AS startTime, end_time AS endTime FROM event_suggestions WHERE state != 'open'`);
    this.insertStmt = db.prepare(`
      INSERT INTO event_suggestions (name, start_time, end_time, photo_count, cover_file_id, created_at)
      VALUES (@name, @startTime, @endTime, @photoCount, @coverFileId, @createdAt)`);
    this.updateStmt = db.prepare('UPDATE event_suggestions SET name = @name, photo_count = @photoCount, cover_file_id = @coverFileId WHERE id = @id');
    this.deleteStmt = db.prepare<[number]>('DELETE FROM event_suggestions WHERE id = ?');
    this.decideStmt = db.prepare<[string, number | null, number]>(`UPDATE event_suggestions SET state = ?, event_id = ? WHERE id = ? AND state = 'open'`);
    // The ids travel as one JSON array: a run can hold thousands of photos.
    const ofRun = 'f.id IN (SELECT value FROM json_each(?))';
    this.candidatesStmt = db.prepare<[string]>(`
      SELECT f.id,
        f.media_type = 'image' AND EXISTS (
          SELECT 1 FROM derivatives d WHERE d.sha256 = f.sha256 AND d.kind = 'thumb' AND d.variant = '') AS showable,
        coalesce(f.width * f.height, 0) AS pixels
      FROM files f WHERE ${ofRun} ORDER BY f.sort_time, f.id`);
    // Faces belong to a content: every file with that content shows them.
    this.candidateFacesStmt = db.prepare<[string]>(`
      SELECT f.id AS fileId, fc.person_id AS personId, p.name IS NOT NULL AS named, coalesce(fc.quality, 0) AS quality
      FROM files f JOIN faces fc ON fc.sha256 = f.sha256 JOIN people p ON p.id = fc.person_id
      WHERE ${ofRun} AND fc.forgotten_at IS NULL AND fc.ignored_at IS NULL AND p.hidden = 0 AND p.merged_into IS NULL`);
  }

  /** What choosing a cover among these photos (a run, in any order) needs, in capture order. */
  coverCandidates(fileIds: readonly number[]): CoverCandidate[] {
    const ids = JSON.stringify(fileIds);
    const faces = new Map<number, CoverCandidate['faces'][number][]>();
    for (const row of this.candidateFacesStmt.all(ids) as { fileId: number; personId: number; named: number; quality: number }[]) {
      const list = faces.get(row.fileId) ?? [];
      list.push({ personId: row.personId, named: row.named === 1, quality: row.quality });
      faces.set(row.fileId, list);
    }
    return (this.candidatesStmt.all(ids) as { id: number; showable: number; pixels: number }[]).map((row) => ({
      id: row.id,
      showable: row.showable === 1,
      pixels: row.pixels,
      faces: faces.get(row.id) ?? [],
    }));
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
