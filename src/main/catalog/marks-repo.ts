import type { SourceKind } from '../../shared/api';
import type { Db } from './database';
import { listed } from './photo-queries';

/** Where a photo's original is, for its XMP sidecar. */
export interface MarkedFile {
  id: number;
  sourceKind: SourceKind;
  root: string;
  relPath: string;
}

/** SQLite's default limit on a statement's variables is 32766: ids go in chunks below it. */
const chunkSize = 10_000;

/**
 * The user's marks on photos (migration 15): favourite, hidden and the rating set in Facet. They
 * are on the file rows; only listed photos (indexed or missing) can be marked.
 */
export class MarksRepository {
  constructor(private readonly db: Db) {}

  /** The ids of `photoIds` that are no listed photo. */
  unknown(photoIds: readonly number[]): number[] {
    const known = new Set(this.inChunks(photoIds, (marks) => this.db.prepare(`SELECT f.id FROM files f WHERE ${listed} AND f.id IN (${marks})`).pluck()));
    return photoIds.filter((id) => !known.has(id));
  }

  /** Returns how many photos changed. */
  setFavourite(photoIds: readonly number[], favourite: boolean): number {
    return this.update(photoIds, 'favourite = ?', 'favourite != ?', favourite ? 1 : 0);
  }

  setHidden(photoIds: readonly number[], hidden: boolean): number {
    return this.update(photoIds, 'hidden = ?', 'hidden != ?', hidden ? 1 : 0);
  }

  /** The user's rating wins over the file's from then on (0 too: "no stars" is a choice). */
  setRating(photoIds: readonly number[], rating: number): number {
    return this.update(photoIds, 'user_rating = ?', 'user_rating IS NOT ?', rating);
  }

  /** Where the originals of `photoIds` are (listed photos only). */
  files(photoIds: readonly number[]): MarkedFile[] {
    return this.inChunks(photoIds, (marks) =>
      this.db.prepare(`
        SELECT f.id, s.kind AS sourceKind, s.root, f.rel_path AS relPath
        FROM files f JOIN sources s ON s.id = f.source_id WHERE ${listed} AND f.id IN (${marks})`),
    ) as MarkedFile[];
  }

  private update(photoIds: readonly number[], set: string, differs: string, value: number): number {
    return this.db
      .transaction(() => {
        let changed = 0;
        for (let i = 0; i < photoIds.length; i += chunkSize) {
          const chunk = photoIds.slice(i, i + chunkSize);
          const sql = `UPDATE files SET ${set} WHERE ${differs} AND state IN ('indexed', 'missing') AND id IN (${marksFor(chunk)})`;
          changed += this.db.prepare(sql).run(value, value, ...chunk).changes;
        }
        return changed;
      })
      .immediate();
  }

  private inChunks(photoIds: readonly number[], statement: (marks: string) => { all: (...params: number[]) => unknown[] }): unknown[] {
    const rows: unknown[] = [];
    for (let i = 0; i < photoIds.length; i += chunkSize) {
      const chunk = photoIds.slice(i, i + chunkSize);
      rows.push(...statement(marksFor(chunk)).all(...chunk));
    }
    return rows;
  }
}

function marksFor(chunk: readonly number[]): string {
  return chunk.map(() => '?').join(',');
}
