import type { PhotoSummary, TimelineBucket } from '../../shared/api';
import type { PhotoSearchFilter, PlaceCount, PlaceName } from '../../shared/places-api';
import type { Db } from './database';
import { gridMonth, gridOrder, listed, summaryColumns, toSummary, type SummaryRow } from './photo-queries';

/** A photo with a GPS position whose place is not named yet (or was named from older data). */
export interface UnnamedPhoto {
  id: number;
  latitude: number;
  longitude: number;
}

/** Lower case, accents and punctuation gone, words split by one space: "Zürich, CH" -> "zurich ch". */
export function placeKeyOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const dayMs = 86_400_000;

/** A day's start on the photographer's clock, as sort_time counts it (wall clock read as UTC, ms). */
function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Place names of photos (stored by the namer, places/place-names.ts) and the searches over them. */
export class PlacesRepository {
  private readonly unnamedStmt;
  private readonly nameStmt;
  private readonly listStmt;

  constructor(private readonly db: Db) {
    this.unnamedStmt = db.prepare<[string, number]>(`
      SELECT f.id, f.latitude, f.longitude FROM files f
      WHERE f.latitude IS NOT NULL AND f.longitude IS NOT NULL AND ${listed} AND f.place_version IS NOT ?
      LIMIT ?`);
    this.nameStmt = db.prepare(`
      UPDATE files SET place_city = @city, place_country = @country, place_country_code = @countryCode,
        place_key = @key, place_version = @version
      WHERE id = @id AND latitude = @latitude AND longitude = @longitude`);
    this.listStmt = db.prepare<[number]>(`
      SELECT f.place_city AS city, f.place_country AS country, f.place_country_code AS countryCode, count(*) AS photoCount
      FROM files f WHERE ${listed} AND f.hidden = 0 AND f.place_city IS NOT NULL
      GROUP BY f.place_city, f.place_country_code ORDER BY photoCount DESC, city LIMIT ?`);
  }

  /** Up to `limit` photos with a position and no name from `version` of the place data (read from files_positioned). */
  unnamed(version: string, limit: number): UnnamedPhoto[] {
    return this.unnamedStmt.all(version, limit) as UnnamedPhoto[];
  }

  /**
   * Stores the places found (null: no town near) in one transaction. A photo whose position changed
   * since it was read is left for the next round.
   */
  name(named: readonly { photo: UnnamedPhoto; place: PlaceName | null }[], version: string): void {
    this.db
      .transaction(() => {
        for (const { photo, place } of named) {
          this.nameStmt.run({
            id: photo.id,
            latitude: photo.latitude,
            longitude: photo.longitude,
            city: place?.city ?? null,
            country: place?.country ?? null,
            countryCode: place?.countryCode ?? null,
            key: place === null ? null : placeKeyOf(`${place.city} ${place.country} ${place.countryCode}`),
            version,
          });
        }
      })
      .immediate();
  }

  list(limit: number): PlaceCount[] {
    return this.listStmt.all(limit) as PlaceCount[];
  }

  /** A page of the photos a search finds, in grid order. */
  search(filter: PhotoSearchFilter, offset: number, limit: number): { total: number; items: PhotoSummary[] } {
    const { where, params } = searchWhere(filter);
    const rows = this.db
      .prepare(`SELECT ${summaryColumns} FROM files f WHERE ${where} ${gridOrder} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as SummaryRow[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM files f WHERE ${where}`).get(...params) as { n: number }).n;
    return { total, items: rows.map(toSummary) };
  }

  /** Every photo id a search finds, in grid order (select all in its results). */
  ids(filter: PhotoSearchFilter): number[] {
    const { where, params } = searchWhere(filter);
    return this.db
      .prepare(`SELECT f.id FROM files f WHERE ${where} ${gridOrder}`)
      .pluck()
      .all(...params) as number[];
  }

  timeline(filter: PhotoSearchFilter): TimelineBucket[] {
    const { where, params } = searchWhere(filter);
    const sql = `SELECT ${gridMonth} AS month, count(*) AS count FROM files f WHERE ${where} GROUP BY 1 ORDER BY month IS NULL, month DESC`;
    let firstOffset = 0;
    return (this.db.prepare(sql).all(...params) as { month: string | null; count: number }[]).map((row) => {
      const bucket = { month: row.month ?? 'undated', count: row.count, firstOffset };
      firstOffset += row.count;
      return bucket;
    });
  }
}

/** The files (alias f) a search finds, as a WHERE clause and its parameters. */
function searchWhere(filter: PhotoSearchFilter): { where: string; params: (string | number)[] } {
  const { clauses, params } = photoFilterSql(filter);
  // Photos the user hid from the library stay out of its searches too.
  return { where: [listed, 'f.hidden = 0', ...clauses].join(' AND '), params };
}

/** The conditions of a place and date filter on files (alias f), to AND with others (selfie search's scope). */
export function photoFilterSql(filter: PhotoSearchFilter): { clauses: string[]; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (filter.sourceId !== undefined) {
    clauses.push('f.source_id = ?');
    params.push(filter.sourceId);
  }
  if (filter.place !== undefined) {
    // Said outright, so the planner reads the named photos' index (files_placed) only.
    clauses.push('f.place_key IS NOT NULL');
    const words = placeKeyOf(filter.place).split(' ').filter(Boolean);
    // A query of punctuation only names no place: it finds nothing, not everything.
    if (words.length === 0) clauses.push('0');
    // Every word starts a word of the place's city or country: "lisbon portugal" finds Lisbon, not
    // Porto; "lis" finds Lisbon as it is typed.
    for (const word of words) {
      clauses.push(`instr(' ' || f.place_key, ?) > 0`);
      params.push(` ${word}`);
    }
  }
  if (filter.from !== undefined || filter.to !== undefined) clauses.push('f.taken_at IS NOT NULL');
  if (filter.from !== undefined) {
    clauses.push('f.sort_time >= ?');
    params.push(dayStart(filter.from));
  }
  if (filter.to !== undefined) {
    clauses.push('f.sort_time < ?');
    params.push(dayStart(filter.to) + dayMs);
  }
  return { clauses, params };
}
