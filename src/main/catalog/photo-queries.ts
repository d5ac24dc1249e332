import path from 'node:path';
import type { MediaType, PhotoDetail, PhotoSummary, SourceKind, TimelineBucket } from '../../shared/api';
import type { LibraryFilter } from '../../shared/organize-api';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** Rows the grid shows: indexed ones, and missing ones (flagged) until the user purges them. */
export const listed = `f.state IN ('indexed', 'missing')`;
export const order = 'ORDER BY f.sort_time DESC, f.id DESC';
/**
 * The library grid's order: dated photos newest first, then the undated ones (no capture time)
 * as one group, newest file first. An undated photo's sort_time is its file's modification time,
 * which says nothing about when it was taken, so it must not sit among the dated months.
 */
export const gridOrder = 'ORDER BY f.taken_at IS NULL, f.sort_time DESC, f.id DESC';
/** The timeline bucket of a row, in the grid's terms: its capture month, or NULL when undated. */
export const gridMonth = 'CASE WHEN f.taken_at IS NULL THEN NULL ELSE f.sort_month END';

export const summaryColumns = `f.id, f.sha256, f.media_type AS mediaType, f.rel_path AS relPath,
  f.taken_at AS takenAt, f.width, f.height, f.duration_seconds AS durationSeconds, f.state = 'missing' AS missing,
  f.favourite, coalesce(f.user_rating, f.file_rating, 0) AS rating, f.hidden,
  EXISTS (SELECT 1 FROM derivatives d WHERE d.sha256 = f.sha256 AND d.kind = 'thumb' AND d.variant = '') AS hasThumb`;

export interface SummaryRow {
  id: number;
  sha256: string;
  mediaType: MediaType;
  relPath: string;
  takenAt: string | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  missing: number;
  favourite: number;
  rating: number;
  hidden: number;
  hasThumb: number;
}

interface DetailRow extends SummaryRow {
  sourceId: number;
  sourceKind: SourceKind;
  root: string;
  sizeBytes: number;
  mtimeMs: number;
  contentType: string;
  orientation: number | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lensModel: string | null;
  latitude: number | null;
  longitude: number | null;
  altitude: number | null;
  placeCity: string | null;
  placeCountry: string | null;
  placeCountryCode: string | null;
  dhashHex: string | null;
  faceState: string;
  faceStateReason: string | null;
}

/** Which photos the library grid lists: a source's or all, narrowed by the user's marks. */
export type LibraryScope = LibraryFilter & { sourceId?: number };

/** The WHERE clause of a library scope; hidden photos are listed only when asked for, and then alone. */
function scopeWhere(scope: LibraryScope): { where: string; params: number[] } {
  const clauses = [listed, scope.hidden === true ? 'f.hidden = 1' : 'f.hidden = 0'];
  const params: number[] = [];
  if (scope.sourceId !== undefined) {
    clauses.push('f.source_id = ?');
    params.push(scope.sourceId);
  }
  if (scope.favourites === true) clauses.push('f.favourite = 1');
  if (scope.minRating !== undefined) {
    clauses.push('coalesce(f.user_rating, f.file_rating, 0) >= ?');
    params.push(scope.minRating);
  }
  return { where: clauses.join(' AND '), params };
}

export interface DhashEntry {
  sha256: string;
  dhash: bigint;
}

export interface MediaSubject {
  sha256: string;
  contentType: string;
  /** An S3 original is a location in a bucket, read by byte ranges (sourceId, relPath, etag). */
  sourceKind: SourceKind;
  /** Null while the original is missing. */
  original: string | null;
  sourceId: number;
  relPath: string;
  sizeBytes: number;
  /** The indexed version of an S3 object; null for files in folders. */
  etag: string | null;
}

export interface LibraryCounts {
  sources: number;
  photos: number;
  videos: number;
  missing: number;
  errors: number;
  faces: number;
  pending: number;
  openJobs: number;
}

/** Absolute location of a file row: a path on disk, or s3://bucket/prefix/key. */
export function originalLocation(kind: SourceKind, root: string, relPath: string): string {
  return kind === 'folder' ? path.join(root, ...relPath.split('/')) : `${root.replace(/\/+$/, '')}/${relPath}`;
}

export function toSummary(row: SummaryRow): PhotoSummary {
  return {
    id: row.id,
    sha256: row.sha256,
    mediaType: row.mediaType,
    fileName: row.relPath.slice(row.relPath.lastIndexOf('/') + 1),
    takenAt: row.takenAt,
    width: row.width,
    height: row.height,
    durationSeconds: row.durationSeconds,
    hasThumb: row.hasThumb === 1,
    missing: row.missing === 1,
    favourite: row.favourite === 1,
    rating: row.rating,
    hidden: row.hidden === 1,
  };
}

/** The read side of the catalog: what the grid, the photo panel and the duplicates view show. */
export class PhotoQueries {
  /** Statements of the scoped reads, by SQL: a handful of filter combinations, each prepared once. */
  private readonly scoped = new Map<string, Statement>();
  private readonly detailStmt;
  private readonly sameContentStmt;
  private readonly exactGroupsStmt;
  private readonly dhashStmt;
  private readonly bySha256Stmt;
  private readonly countsStmt;
  private readonly mediaStmt;

  constructor(private readonly db: Db) {
    this.detailStmt = db.prepare<[number]>(`
      SELECT ${summaryColumns}, f.source_id AS sourceId, s.kind AS sourceKind, s.root,
        f.size_bytes AS sizeBytes, f.mtime_ms AS mtimeMs, f.content_type AS contentType,
        f.orientation, f.camera_make AS cameraMake, f.camera_model AS cameraModel,
        f.lens_model AS lensModel, f.latitude, f.longitude, f.altitude,
        f.place_city AS placeCity, f.place_country AS placeCountry, f.place_country_code AS placeCountryCode,
        CASE WHEN f.dhash IS NULL THEN NULL ELSE printf('%016x', f.dhash) END AS dhashHex,
        -- 'done' with no face stored: looked for faces, found none.
        CASE WHEN f.face_state = 'done' AND NOT EXISTS (SELECT 1 FROM faces fc WHERE fc.sha256 = f.sha256)
          THEN 'none' ELSE f.face_state END AS faceState,
        f.face_state_reason AS faceStateReason
      FROM files f JOIN sources s ON s.id = f.source_id WHERE f.id = ? AND ${listed}`);
    this.sameContentStmt = db.prepare<[string, number]>(`SELECT f.id FROM files f WHERE f.sha256 = ? AND f.id != ? AND ${listed} ORDER BY f.id`);
    this.exactGroupsStmt = db.prepare(`
      SELECT ${summaryColumns} FROM files f
      WHERE ${listed} AND f.sha256 IN (
        SELECT g.sha256 FROM files g WHERE g.state IN ('indexed', 'missing') AND g.sha256 IS NOT NULL
        GROUP BY g.sha256 HAVING count(*) > 1)
      ORDER BY f.sha256, f.id`);
    this.dhashStmt = db
      .prepare(
        `SELECT f.sha256, min(f.dhash) AS dhash FROM files f
        WHERE ${listed} AND f.dhash IS NOT NULL GROUP BY f.sha256`,
      )
      .safeIntegers(true);
    this.bySha256Stmt = db.prepare<[string]>(`SELECT ${summaryColumns} FROM files f WHERE f.sha256 = ? AND ${listed} ORDER BY f.id`);
    this.countsStmt = db.prepare(`
      SELECT
        (SELECT count(*) FROM sources) AS sources,
        (SELECT count(*) FROM files WHERE state = 'indexed' AND media_type = 'image') AS photos,
        (SELECT count(*) FROM files WHERE state = 'indexed' AND media_type = 'video') AS videos,
        (SELECT count(*) FROM files WHERE state = 'missing') AS missing,
        (SELECT count(*) FROM errors) AS errors,
        (SELECT count(*) FROM faces WHERE forgotten_at IS NULL) AS faces,
        (SELECT count(*) FROM files WHERE state = 'pending') AS pending,
        (SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')) AS openJobs`);
    this.mediaStmt = db.prepare<[number]>(`
      SELECT s.kind, s.root, f.source_id AS sourceId, f.rel_path AS relPath, f.size_bytes AS sizeBytes, f.etag,
        f.content_type AS contentType, f.sha256, f.state
      FROM files f JOIN sources s ON s.id = f.source_id WHERE f.id = ? AND ${listed}`);
  }

  private statement(sql: string): Statement {
    let statement = this.scoped.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.scoped.set(sql, statement);
    }
    return statement;
  }

  page(offset: number, limit: number, scope: LibraryScope = {}): { total: number; items: PhotoSummary[] } {
    const { where, params } = scopeWhere(scope);
    const rows = this.statement(`SELECT ${summaryColumns} FROM files f WHERE ${where} ${gridOrder} LIMIT ? OFFSET ?`).all(...params, limit, offset);
    const total = (this.statement(`SELECT count(*) AS n FROM files f WHERE ${where}`).get(...params) as { n: number }).n;
    return { total, items: (rows as SummaryRow[]).map(toSummary) };
  }

  /** Every id of the scope in grid order (select all in a grid of 100,000). */
  ids(scope: LibraryScope = {}): number[] {
    const { where, params } = scopeWhere(scope);
    return this.statement(`SELECT f.id FROM files f WHERE ${where} ${gridOrder}`)
      .pluck()
      .all(...params) as number[];
  }

  timeline(scope: LibraryScope = {}): TimelineBucket[] {
    const { where, params } = scopeWhere(scope);
    const sql = `SELECT ${gridMonth} AS month, count(*) AS count FROM files f WHERE ${where} GROUP BY 1 ORDER BY month IS NULL, month DESC`;
    const rows = this.statement(sql).all(...params) as { month: string | null; count: number }[];
    let firstOffset = 0;
    return rows.map((row) => {
      const bucket = { month: row.month ?? 'undated', count: row.count, firstOffset };
      firstOffset += row.count;
      return bucket;
    });
  }

  detail(photoId: number): PhotoDetail | null {
    const row = this.detailStmt.get(photoId) as DetailRow | undefined;
    if (row === undefined) return null;
    const exactDuplicateIds = (this.sameContentStmt.all(row.sha256, row.id) as { id: number }[]).map((r) => r.id);
    return {
      ...toSummary(row),
      sourceId: row.sourceId,
      path: originalLocation(row.sourceKind, row.root, row.relPath),
      sizeBytes: row.sizeBytes,
      modifiedAt: new Date(row.mtimeMs).toISOString(),
      contentType: row.contentType,
      orientation: row.orientation,
      cameraMake: row.cameraMake,
      cameraModel: row.cameraModel,
      lensModel: row.lensModel,
      gps: row.latitude === null || row.longitude === null ? null : { latitude: row.latitude, longitude: row.longitude, altitude: row.altitude },
      place:
        row.placeCity === null || row.placeCountry === null || row.placeCountryCode === null
          ? null
          : { city: row.placeCity, country: row.placeCountry, countryCode: row.placeCountryCode },
      dhash: row.dhashHex,
      exactDuplicateIds,
      faceState: row.faceState,
      faceStateReason: row.faceStateReason,
    };
  }

  /** Groups of two or more listed photos with the same content, in content-hash order. */
  exactDuplicateGroups(): PhotoSummary[][] {
    const groups = new Map<string, PhotoSummary[]>();
    for (const row of this.exactGroupsStmt.all() as SummaryRow[]) {
      const group = groups.get(row.sha256) ?? [];
      group.push(toSummary(row));
      groups.set(row.sha256, group);
    }
    return [...groups.values()];
  }

  /** One dHash per distinct content; duplicates of the same content share it. */
  dhashes(): DhashEntry[] {
    return this.dhashStmt.all() as DhashEntry[];
  }

  photosWithContent(sha256: string): PhotoSummary[] {
    return (this.bySha256Stmt.all(sha256) as SummaryRow[]).map(toSummary);
  }

  counts(): LibraryCounts {
    return this.countsStmt.get() as LibraryCounts;
  }

  /** What the media protocol may serve for a photo: its content's derivatives and its original. */
  media(photoId: number): MediaSubject | null {
    const row = this.mediaStmt.get(photoId) as
      | {
          kind: SourceKind;
          root: string;
          sourceId: number;
          relPath: string;
          sizeBytes: number;
          etag: string | null;
          contentType: string;
          sha256: string;
          state: string;
        }
      | undefined;
    if (row === undefined) return null;
    return {
      sha256: row.sha256,
      contentType: row.contentType,
      sourceKind: row.kind,
      // A missing original is not served: whatever is at that path now is not what we indexed.
      original: row.state === 'indexed' ? originalLocation(row.kind, row.root, row.relPath) : null,
      sourceId: row.sourceId,
      relPath: row.relPath,
      sizeBytes: row.sizeBytes,
      etag: row.etag,
    };
  }
}
