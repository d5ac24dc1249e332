import type { PhotoSummary } from '../../shared/api';
import type { FaceBox, SearchScope } from '../../shared/people-api';
import type { PhotoSearchFilter } from '../../shared/places-api';
import type { Db } from './database';
import { underPrefix } from './files-repo';
import { listed, summaryColumns, toSummary, type SummaryRow } from './photo-queries';
import { embeddingOf } from './faces-repo';
import { searchableFace } from './face-filters';
import { photoFilterSql } from './places-repo';

export interface MatchedFace {
  id: number;
  sha256: string;
  box: FaceBox;
  personId: number | null;
}

/** The file rows (alias f) a search scope covers, as a WHERE clause with its parameters. */
interface ScopeSql {
  where: string;
  params: (string | number)[];
}

/** The scope's files, narrowed to a place and date filter when there is one. */
function scopeSql(scope: SearchScope, filter?: PhotoSearchFilter): ScopeSql {
  const own = ownScopeSql(scope);
  if (filter === undefined) return own;
  const narrowed = photoFilterSql(filter);
  return { where: [own.where, ...narrowed.clauses].join(' AND '), params: [...own.params, ...narrowed.params] };
}

function ownScopeSql(scope: SearchScope): ScopeSql {
  switch (scope.kind) {
    case 'library':
      return { where: listed, params: [] };
    case 'source':
      return { where: `${listed} AND f.source_id = ?`, params: [scope.sourceId] };
    case 'folder':
      return { where: `${listed} AND f.source_id = ? AND f.rel_path >= ? AND f.rel_path < ?`, params: [scope.sourceId, ...underPrefix(scope.folder)] };
    case 'event':
      return { where: `${listed} AND f.id IN (SELECT file_id FROM event_photos WHERE event_id = ?)`, params: [scope.eventId] };
    case 'not-person':
      return { where: `${listed} AND f.sha256 NOT IN (SELECT sha256 FROM faces WHERE person_id = ?)`, params: [scope.personId] };
  }
}

const chunk = 10_000;

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(',');
}

/** What selfie search reads besides vectors: which faces a scope covers, and what to show for a match. */
export class SearchRepository {
  constructor(private readonly db: Db) {}

  /** Does the scope's subject (source, event, person) exist? */
  scopeExists(scope: SearchScope): boolean {
    const exists = (sql: string, id: number) => this.db.prepare(sql).get(id) !== undefined;
    switch (scope.kind) {
      case 'library':
        return true;
      case 'source':
      case 'folder':
        return exists('SELECT 1 FROM sources WHERE id = ?', scope.sourceId);
      case 'event':
        return exists('SELECT 1 FROM events WHERE id = ?', scope.eventId);
      case 'not-person':
        return exists('SELECT 1 FROM people WHERE id = ?', scope.personId);
    }
  }

  /** Searchable faces of `modelId` in photos of the scope (and the filter). */
  faceIdsInScope(scope: SearchScope, modelId: number, filter?: PhotoSearchFilter): number[] {
    const { where, params } = scopeSql(scope, filter);
    const rows = this.db
      .prepare(
        `SELECT fa.id FROM faces fa WHERE ${searchableFace('fa')}
           AND fa.sha256 IN (SELECT f.sha256 FROM files f WHERE ${where})`,
      )
      .raw()
      .all(modelId, ...params) as [number][];
    return rows.map((row) => row[0]);
  }

  faces(faceIds: readonly number[]): Map<number, MatchedFace> {
    const result = new Map<number, MatchedFace>();
    for (let i = 0; i < faceIds.length; i += chunk) {
      const part = faceIds.slice(i, i + chunk);
      const rows = this.db
        .prepare(
          `SELECT id, sha256, box_x AS x, box_y AS y, box_w AS width, box_h AS height, person_id AS personId
           FROM faces WHERE id IN (${placeholders(part.length)}) AND forgotten_at IS NULL`,
        )
        .all(...part) as (FaceBox & { id: number; sha256: string; personId: number | null })[];
      for (const { id, sha256, personId, ...box } of rows) result.set(id, { id, sha256, personId, box });
    }
    return result;
  }

  /** One photo per content: the scope's (and filter's) first file row holding it (exact duplicates show once). */
  photosOf(scope: SearchScope, sha256s: readonly string[], filter?: PhotoSearchFilter): Map<string, PhotoSummary> {
    const { where, params } = scopeSql(scope, filter);
    const result = new Map<string, PhotoSummary>();
    for (let i = 0; i < sha256s.length; i += chunk) {
      const part = sha256s.slice(i, i + chunk);
      const rows = this.db
        .prepare(
          `SELECT ${summaryColumns} FROM files f WHERE f.id IN (
             SELECT min(f.id) FROM files f WHERE ${where} AND f.sha256 IN (${placeholders(part.length)}) GROUP BY f.sha256)`,
        )
        .all(...params, ...part) as SummaryRow[];
      for (const row of rows) result.set(row.sha256, toSummary(row));
    }
    return result;
  }

  /**
   * Up to `limit` searchable faces of a person with their vectors (the person's current people row,
   * after merges), for judging a query against the person as a whole.
   */
  personFaces(personId: number, modelId: number, limit: number): Array<{ id: number; sha256: string; embedding: Float32Array }> {
    const rows = this.db
      .prepare(`SELECT id, sha256, embedding FROM faces WHERE ${searchableFace()} AND person_id = ? ORDER BY id LIMIT ?`)
      .all(modelId, personId, limit) as { id: number; sha256: string; embedding: Buffer }[];
    return rows.map((row) => ({
      id: row.id,
      sha256: row.sha256,
      embedding: embeddingOf(row.embedding),
    }));
  }

  /** Every searchable face of a person: where it is, not its vector. */
  personFaceIds(personId: number, modelId: number): number[] {
    const rows = this.db.prepare(`SELECT id FROM faces WHERE ${searchableFace()} AND person_id = ?`).raw().all(modelId, personId) as [number][];
    return rows.map((row) => row[0]);
  }

  /** Named, visible people among `personIds`. */
  namedPeople(personIds: readonly number[]): Map<number, string> {
    if (personIds.length === 0) return new Map();
    const rows = this.db
      .prepare(
        `SELECT id, name FROM people WHERE id IN (${placeholders(personIds.length)})
           AND name IS NOT NULL AND hidden = 0 AND merged_into IS NULL`,
      )
      .all(...personIds) as { id: number; name: string }[];
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
