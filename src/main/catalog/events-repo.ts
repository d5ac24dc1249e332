import type { EventInfo, PhotoSummary, SourceKind } from '../../shared/api';
import type { Db } from './database';
import { underPrefix } from './files-repo';
import { listed, summaryColumns, toSummary, type SummaryRow } from './photo-queries';
import { nowIso } from './time';

/** A sort_time (local wall clock stored as UTC ms) back as 'YYYY-MM-DDTHH:MM:SS', no offset. */
export function wallClockIso(sortTime: number): string {
  return new Date(sortTime).toISOString().slice(0, 19);
}

/** Events read like a story: oldest first, ties by id. */
const chronological = 'ORDER BY f.sort_time, f.id';

interface EventRow {
  id: number;
  name: string;
  createdAt: string;
  photoCount: number;
  first: number | null;
  last: number | null;
  coverPhotoId: number | null;
}

/** What an export needs to know about each photo of an event. */
export interface EventPhotoFacts {
  id: number;
  sha256: string;
  mediaType: 'image' | 'video';
  relPath: string;
  takenAt: string | null;
  width: number | null;
  height: number | null;
  sourceKind: SourceKind;
  root: string;
  missing: boolean;
}

const factsColumns = `f.id, f.sha256, f.media_type AS mediaType, f.rel_path AS relPath, f.taken_at AS takenAt,
  f.width, f.height, s.kind AS sourceKind, s.root, f.state = 'missing' AS missing`;
type FactsRow = Omit<EventPhotoFacts, 'missing'> & { missing: number; sortTime?: number | null };

function toFacts({ missing, sortTime: _sortTime, ...row }: FactsRow): EventPhotoFacts {
  return { ...row, missing: missing === 1 };
}

/** A dated photo as the suggester sees it. */
export interface TimedPhotoRow {
  id: number;
  time: number;
  latitude: number | null;
  longitude: number | null;
  place: string | null;
  inEvent: boolean;
}

/** Events and their photos (event_photos). Photos are file rows the grid lists. */
export class EventsRepository {
  private readonly insertStmt;
  private readonly renameStmt;
  private readonly deleteStmt;
  private readonly listStmt;
  private readonly getStmt;
  private readonly addIdStmt;
  private readonly removeIdStmt;
  private readonly listedIdStmt;
  private readonly addFolderStmt;
  private readonly removeFolderStmt;
  private readonly addRangeStmt;
  private readonly removeRangeStmt;
  private readonly pageStmt;
  private readonly countStmt;
  private readonly factsStmt;
  private readonly timedStmt;
  private readonly personPhotosStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[string, string]>('INSERT INTO events (name, created_at) VALUES (?, ?)');
    this.renameStmt = db.prepare<[string, number]>('UPDATE events SET name = ? WHERE id = ?');
    this.deleteStmt = db.prepare<[number]>('DELETE FROM events WHERE id = ?');
    // The span is of capture times only: an undated photo's sort_time is its file's modification
    // time (a copy made today), which would make up a span.
    const capturedAt = 'CASE WHEN f.taken_at IS NOT NULL THEN f.sort_time END';
    const eventColumns = `e.id, e.name, e.created_at AS createdAt, count(f.id) AS photoCount,
      min(${capturedAt}) AS first, max(${capturedAt}) AS last,
      coalesce(e.cover_file_id, (
        SELECT c.id FROM event_photos cp JOIN files c ON c.id = cp.file_id
        WHERE cp.event_id = e.id AND c.state IN ('indexed', 'missing') ORDER BY c.sort_time, c.id LIMIT 1
      )) AS coverPhotoId
      FROM events e
      LEFT JOIN event_photos ep ON ep.event_id = e.id
      LEFT JOIN files f ON f.id = ep.file_id AND ${listed}`;
    // Empty events first (just created, waiting to be filled), then the most recent.
    this.listStmt = db.prepare(`SELECT ${eventColumns} GROUP BY e.id ORDER BY max(f.sort_time) IS NOT NULL, max(f.sort_time) DESC, e.id DESC`);
    this.getStmt = db.prepare<[number]>(`SELECT ${eventColumns} WHERE e.id = ? GROUP BY e.id`);
    this.addIdStmt = db.prepare<[number, number]>(
      `INSERT OR IGNORE INTO event_photos (event_id, file_id)
       SELECT ?, f.id FROM files f WHERE f.id = ? AND ${listed}`,
    );
    this.removeIdStmt = db.prepare<[number, number]>('DELETE FROM event_photos WHERE event_id = ? AND file_id = ?');
    this.listedIdStmt = db.prepare<[number]>(`SELECT 1 FROM files f WHERE f.id = ? AND ${listed}`);
    const inFolder = 'f.source_id = ? AND f.rel_path >= ? AND f.rel_path < ?';
    this.addFolderStmt = db.prepare<[number, number, string, string]>(
      `INSERT OR IGNORE INTO event_photos (event_id, file_id)
       SELECT ?, f.id FROM files f WHERE ${inFolder} AND ${listed}`,
    );
    this.removeFolderStmt = db.prepare<[number, number, string, string]>(
      `DELETE FROM event_photos WHERE event_id = ? AND file_id IN (SELECT f.id FROM files f WHERE ${inFolder})`,
    );
    this.addRangeStmt = db.prepare<[number, number, number]>(
      `INSERT OR IGNORE INTO event_photos (event_id, file_id)
       SELECT ?, f.id FROM files f WHERE f.sort_time BETWEEN ? AND ? AND ${listed}`,
    );
    this.removeRangeStmt = db.prepare<[number, number, number]>(
      `DELETE FROM event_photos WHERE event_id = ?
         AND file_id IN (SELECT f.id FROM files f WHERE f.sort_time BETWEEN ? AND ?)`,
    );
    const members = `FROM event_photos ep JOIN files f ON f.id = ep.file_id WHERE ep.event_id = ? AND ${listed}`;
    this.pageStmt = db.prepare<[number, number, number]>(`SELECT ${summaryColumns} ${members} ${chronological} LIMIT ? OFFSET ?`);
    this.countStmt = db.prepare<[number]>(`SELECT count(*) AS n ${members}`);
    this.factsStmt = db.prepare<[number]>(`
      SELECT ${factsColumns} FROM event_photos ep JOIN files f ON f.id = ep.file_id JOIN sources s ON s.id = f.source_id
      WHERE ep.event_id = ? AND ${listed} ${chronological}`);
    this.timedStmt = db.prepare(`
      SELECT f.id, f.sort_time AS time, f.latitude, f.longitude, f.place_city AS place,
        EXISTS (SELECT 1 FROM event_photos ep WHERE ep.file_id = f.id) AS inEvent
      FROM files f WHERE ${listed} AND f.taken_at IS NOT NULL ${chronological}`);
    // Faces belong to a content; each event photo with that content counts, as listPersonPhotos lists.
    this.personPhotosStmt = db.prepare<[number]>(`
      SELECT fc.person_id AS personId, count(DISTINCT f.id) AS photos
      FROM event_photos ep JOIN files f ON f.id = ep.file_id JOIN faces fc ON fc.sha256 = f.sha256
      WHERE ep.event_id = ? AND ${listed} AND fc.person_id IS NOT NULL AND fc.forgotten_at IS NULL
      GROUP BY fc.person_id`);
  }

  create(name: string): number {
    return Number(this.insertStmt.run(name, nowIso()).lastInsertRowid);
  }

  rename(eventId: number, name: string): boolean {
    return this.renameStmt.run(name, eventId).changes > 0;
  }

  delete(eventId: number): boolean {
    return this.deleteStmt.run(eventId).changes > 0;
  }

  list(): EventInfo[] {
    return (this.listStmt.all() as EventRow[]).map(toEventInfo);
  }

  get(eventId: number): EventInfo | null {
    const row = this.getStmt.get(eventId) as EventRow | undefined;
    return row === undefined ? null : toEventInfo(row);
  }

  /** The ids among `fileIds` that are not photos the grid lists. */
  unknownPhotoIds(fileIds: readonly number[]): number[] {
    return fileIds.filter((id) => this.listedIdStmt.get(id) === undefined);
  }

  /** Each change returns how many memberships it added or removed. */
  addPhotos(eventId: number, fileIds: readonly number[]): number {
    return fileIds.reduce((n, fileId) => n + this.addIdStmt.run(eventId, fileId).changes, 0);
  }

  removePhotos(eventId: number, fileIds: readonly number[]): number {
    return fileIds.reduce((n, fileId) => n + this.removeIdStmt.run(eventId, fileId).changes, 0);
  }

  /** `folder` is relative to the source root with '/' separators; '' is the whole source. */
  addFolder(eventId: number, sourceId: number, folder: string): number {
    return this.addFolderStmt.run(eventId, sourceId, ...underPrefix(folder)).changes;
  }

  removeFolder(eventId: number, sourceId: number, folder: string): number {
    return this.removeFolderStmt.run(eventId, sourceId, ...underPrefix(folder)).changes;
  }

  /** Bounds are sort_time values (wall clock ms), both inclusive. */
  addTimeRange(eventId: number, from: number, to: number): number {
    return this.addRangeStmt.run(eventId, from, to).changes;
  }

  removeTimeRange(eventId: number, from: number, to: number): number {
    return this.removeRangeStmt.run(eventId, from, to).changes;
  }

  page(eventId: number, offset: number, limit: number): { total: number; items: PhotoSummary[] } {
    const rows = this.pageStmt.all(eventId, limit, offset) as SummaryRow[];
    const total = (this.countStmt.get(eventId) as { n: number }).n;
    return { total, items: rows.map(toSummary) };
  }

  photoFacts(eventId: number): EventPhotoFacts[] {
    return (this.factsStmt.all(eventId) as FactsRow[]).map(toFacts);
  }

  /** The same facts of chosen photos (listed ones; the others are left out), oldest first: a package of a selection. */
  factsOf(photoIds: readonly number[]): EventPhotoFacts[] {
    const rows: FactsRow[] = [];
    // Below SQLite's limit of 32766 variables per statement.
    for (let i = 0; i < photoIds.length; i += 10_000) {
      const chunk = photoIds.slice(i, i + 10_000);
      const sql = `SELECT ${factsColumns}, f.sort_time AS sortTime FROM files f JOIN sources s ON s.id = f.source_id
        WHERE ${listed} AND f.id IN (${chunk.map(() => '?').join(',')})`;
      rows.push(...(this.db.prepare(sql).all(...chunk) as FactsRow[]));
    }
    return rows.sort((a, b) => (a.sortTime ?? 0) - (b.sortTime ?? 0) || a.id - b.id).map(toFacts);
  }

  /** Person id -> how many of the event's photos show them (two faces of one person in a photo count once). */
  personPhotoCounts(eventId: number): Map<number, number> {
    const rows = this.personPhotosStmt.all(eventId) as { personId: number; photos: number }[];
    return new Map(rows.map((row) => [row.personId, row.photos]));
  }

  /**
   * Every photo with a recorded capture time, in capture order, with whether an event already
   * holds it. Modification times do not count: a folder copied today would look like an event.
   */
  timedPhotos(): TimedPhotoRow[] {
    return (this.timedStmt.all() as (Omit<TimedPhotoRow, 'inEvent'> & { inEvent: number })[]).map((row) => ({
      ...row,
      inEvent: row.inEvent === 1,
    }));
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

function toEventInfo(row: EventRow): EventInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    photoCount: row.photoCount,
    startsAt: row.first === null ? null : wallClockIso(row.first),
    endsAt: row.last === null ? null : wallClockIso(row.last),
    coverPhotoId: row.coverPhotoId,
  };
}
