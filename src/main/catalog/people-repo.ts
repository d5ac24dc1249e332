import type { PhotoSummary } from '../../shared/api';
import type { FaceSummary, PersonSummary } from '../../shared/people-api';
import type { Assignments, PersonId, UserConstraints } from '../domain/people';
import type { Db } from './database';
import { wallClockIso } from './events-repo';
import { listed, order, summaryColumns, toSummary, type SummaryRow } from './photo-queries';
import { nowIso } from './time';
import { usableFace } from './face-filters';

export interface PersonRow {
  id: number;
  name: string | null;
  hidden: boolean;
  mergedInto: number | null;
}

export interface MergeRow {
  id: number;
  fromPersonId: number;
  intoPersonId: number;
  faceIds: number[];
  fromName: string | null;
  intoName: string | null;
  undoneAt: string | null;
}

/** A face's place as the user's corrections change it, and as undoing one puts it back. */
export interface FaceState {
  faceId: number;
  personId: number | null;
  assignedBy: 'auto' | 'user' | null;
  ignoredAt: string | null;
}

/** "Not this person": a face and a person it must never join. */
export interface FaceRejection {
  faceId: number;
  personId: number;
  createdAt: string;
}

/** Two faces of different people a clustering run found close (face_links, migration 8). */
export interface FaceLink {
  faceId: number;
  otherFaceId: number;
  distance: number;
}

/** A correction on the undo stack; `undo` is what undoing it needs (JSON, see people/service/corrections.ts). */
export interface CorrectionRow {
  id: number;
  kind: string;
  undo: string;
  undoneAt: string | null;
}

export interface ClusteringState {
  modelId: number | null;
  throughFaceId: number;
}

interface SummaryDbRow {
  id: number;
  name: string | null;
  hidden: number;
  coverFaceId: number | null;
  faceCount: number;
  photoCount: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

interface FaceDbRow {
  id: number;
  photoId: number;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  det_score: number;
  quality: number | null;
  person_id: number | null;
  assigned_by: 'auto' | 'user' | null;
}

/** A face the user can see: not forgotten. */
const visibleFace = 'f.forgotten_at IS NULL';

/**
 * The best face of a person, unless the user chose one that is still theirs. A correlated
 * subquery, evaluated per person row only.
 */
const coverOf = `CASE
    WHEN EXISTS (SELECT 1 FROM faces c WHERE c.id = p.cover_face_id AND c.person_id = p.id) THEN p.cover_face_id
    ELSE (SELECT c.id FROM faces c WHERE c.person_id = p.id ORDER BY c.quality DESC NULLS LAST, c.id LIMIT 1)
  END`;

/**
 * People, their faces and the user's edits (rejections, merges). Face assignments made by the
 * clustering carry assigned_by 'auto'; the user's carry 'user' and are never overwritten here
 * by an automatic assignment.
 */
export class PeopleRepository {
  private readonly summariesStmt;
  private readonly getStmt;
  private readonly insertStmt;
  private readonly renameStmt;
  private readonly hiddenStmt;
  private readonly coverStmt;
  private readonly faceStmt;
  private readonly facesOfPersonStmt;
  private readonly faceCountOfPersonStmt;
  private readonly unsortedStmt;
  private readonly unsortedCountStmt;
  private readonly ignoredStmt;
  private readonly ignoredCountStmt;
  private readonly photosStmt;
  private readonly photoCountStmt;
  private readonly userMoveStmt;
  private readonly dropRejectionStmt;
  private readonly rejectStmt;
  private readonly leaveStmt;
  private readonly autoAssignStmt;
  private readonly assignAllStmt;
  private readonly personOfFaceStmt;

  constructor(private readonly db: Db) {
    // Photo stats go through distinct (person, content) pairs so a photo with two faces of one
    // person counts once, and each file row with that content counts (as listPersonPhotos lists).
    // @personIds: a JSON array of ids, or null for everyone; filtered inside the aggregates too, so
    // the summary of a few people does not add up the whole library.
    const chosen = (column: string) => `(@personIds IS NULL OR ${column} IN (SELECT value FROM json_each(@personIds)))`;
    this.summariesStmt = db.prepare<{ includeHidden: number; personIds: string | null }>(`
      WITH face_counts AS (
        SELECT person_id, count(*) AS faces FROM faces f
        WHERE f.person_id IS NOT NULL AND ${chosen('f.person_id')} AND ${visibleFace} GROUP BY f.person_id
      ), photo_stats AS (
        SELECT x.person_id,
          count(*) AS photos,
          min(CASE WHEN fi.taken_at IS NOT NULL THEN fi.sort_time END) AS first_seen,
          max(CASE WHEN fi.taken_at IS NOT NULL THEN fi.sort_time END) AS last_seen
        FROM (SELECT DISTINCT person_id, sha256 FROM faces WHERE person_id IS NOT NULL AND ${chosen('person_id')}) x
        JOIN files fi ON fi.sha256 = x.sha256 AND fi.state IN ('indexed', 'missing')
        GROUP BY x.person_id
      )
      SELECT p.id, p.name, p.hidden, ${coverOf} AS coverFaceId,
        coalesce(fc.faces, 0) AS faceCount, coalesce(ps.photos, 0) AS photoCount,
        ps.first_seen AS firstSeen, ps.last_seen AS lastSeen
      FROM people p
      LEFT JOIN face_counts fc ON fc.person_id = p.id
      LEFT JOIN photo_stats ps ON ps.person_id = p.id
      WHERE p.merged_into IS NULL
        AND (coalesce(fc.faces, 0) > 0 OR p.name IS NOT NULL)
        AND (@includeHidden = 1 OR p.hidden = 0)
        AND ${chosen('p.id')}
      ORDER BY p.name IS NULL, p.name COLLATE NOCASE, faceCount DESC, p.id`);
    this.getStmt = db.prepare<[number]>('SELECT id, name, hidden, merged_into AS mergedInto FROM people WHERE id = ?');
    this.insertStmt = db.prepare<[string]>('INSERT INTO people (created_at) VALUES (?)');
    this.renameStmt = db.prepare<[string | null, number]>('UPDATE people SET name = ? WHERE id = ?');
    this.hiddenStmt = db.prepare<[number, number]>('UPDATE people SET hidden = ? WHERE id = ?');
    this.coverStmt = db.prepare<[number, number]>('UPDATE people SET cover_face_id = ? WHERE id = ?');
    const faceColumns = `f.id, (SELECT min(fi.id) FROM files fi WHERE fi.sha256 = f.sha256) AS photoId,
      f.box_x, f.box_y, f.box_w, f.box_h, f.det_score, f.quality, f.person_id, f.assigned_by`;
    this.faceStmt = db.prepare<[number]>(`SELECT ${faceColumns} FROM faces f WHERE f.id = ? AND ${visibleFace}`);
    const byQuality = 'ORDER BY f.quality DESC NULLS LAST, f.id LIMIT ? OFFSET ?';
    this.facesOfPersonStmt = db.prepare<[number, number, number]>(`SELECT ${faceColumns} FROM faces f WHERE f.person_id = ? AND ${visibleFace} ${byQuality}`);
    this.faceCountOfPersonStmt = db.prepare<[number]>(`SELECT count(*) AS n FROM faces f WHERE f.person_id = ? AND ${visibleFace}`);
    // Unsorted: searchable faces of no person (stale, forgotten and "not a face" faces are neither).
    const unsorted = `f.person_id IS NULL AND ${usableFace('f')}`;
    this.unsortedStmt = db.prepare<[number, number]>(`SELECT ${faceColumns} FROM faces f WHERE ${unsorted} ${byQuality}`);
    this.unsortedCountStmt = db.prepare(`SELECT count(*) AS n FROM faces f WHERE ${unsorted}`);
    const ignored = `f.ignored_at IS NOT NULL AND ${visibleFace}`;
    this.ignoredStmt = db.prepare<[number, number]>(`SELECT ${faceColumns} FROM faces f WHERE ${ignored} ORDER BY f.ignored_at DESC, f.id LIMIT ? OFFSET ?`);
    this.ignoredCountStmt = db.prepare(`SELECT count(*) AS n FROM faces f WHERE ${ignored}`);
    const ofPerson = `f.sha256 IN (SELECT sha256 FROM faces WHERE person_id = ?)`;
    this.photosStmt = db.prepare<[number, number, number]>(`SELECT ${summaryColumns} FROM files f WHERE ${listed} AND ${ofPerson} ${order} LIMIT ? OFFSET ?`);
    this.photoCountStmt = db.prepare<[number]>(`SELECT count(*) AS n FROM files f WHERE ${listed} AND ${ofPerson}`);
    this.userMoveStmt = db.prepare<[number, number]>(
      `UPDATE faces SET person_id = ?, assigned_by = 'user', ignored_at = NULL WHERE id = ? AND forgotten_at IS NULL`,
    );
    this.dropRejectionStmt = db.prepare<[number, number]>('DELETE FROM face_person_rejections WHERE face_id = ? AND person_id = ?');
    this.rejectStmt = db.prepare<[number, number, string]>('INSERT OR IGNORE INTO face_person_rejections (face_id, person_id, created_at) VALUES (?, ?, ?)');
    this.leaveStmt = db.prepare<[number, number]>('UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE id = ? AND person_id = ?');
    this.autoAssignStmt = db.prepare<{ personId: number | null; faceId: number }>(`
      UPDATE faces SET person_id = @personId, assigned_by = CASE WHEN @personId IS NULL THEN NULL ELSE 'auto' END
      WHERE id = @faceId AND assigned_by IS NOT 'user' AND person_id IS NOT @personId AND forgotten_at IS NULL`);
    this.assignAllStmt = db.prepare<[number, number]>('UPDATE faces SET person_id = ? WHERE person_id = ?');
    this.personOfFaceStmt = db.prepare<[number]>('SELECT person_id AS personId FROM faces WHERE id = ?');
  }

  get(personId: number): PersonRow | null {
    const row = this.getStmt.get(personId) as (Omit<PersonRow, 'hidden'> & { hidden: number }) | undefined;
    return row ? { ...row, hidden: row.hidden === 1 } : null;
  }

  /** Named people first (by name), then the others by size; merged-away and empty unnamed people never. */
  list(includeHidden: boolean): PersonSummary[] {
    return (this.summariesStmt.all({ includeHidden: includeHidden ? 1 : 0, personIds: null }) as SummaryDbRow[]).map(toPersonSummary);
  }

  /** `list(false)` narrowed to these people, in the same order. */
  listOf(personIds: readonly number[]): PersonSummary[] {
    return (this.summariesStmt.all({ includeHidden: 0, personIds: JSON.stringify(personIds) }) as SummaryDbRow[]).map(toPersonSummary);
  }

  /** A person as listPeople shows it, or null when there is none to show (merged away, forgotten). */
  summary(personId: number): PersonSummary | null {
    const row = this.summariesStmt.get({ includeHidden: 1, personIds: JSON.stringify([personId]) }) as SummaryDbRow | undefined;
    return row ? toPersonSummary(row) : null;
  }

  create(): number {
    return Number(this.insertStmt.run(nowIso()).lastInsertRowid);
  }

  rename(personId: number, name: string | null): void {
    this.renameStmt.run(name, personId);
  }

  setHidden(personId: number, hidden: boolean): void {
    this.hiddenStmt.run(hidden ? 1 : 0, personId);
  }

  setCover(personId: number, faceId: number): void {
    this.coverStmt.run(faceId, personId);
  }

  face(faceId: number): FaceSummary | null {
    const row = this.faceStmt.get(faceId) as FaceDbRow | undefined;
    return row ? toFaceSummary(row) : null;
  }

  facesOfPerson(personId: number, offset: number, limit: number): { total: number; items: FaceSummary[] } {
    const total = (this.faceCountOfPersonStmt.get(personId) as { n: number }).n;
    const rows = this.facesOfPersonStmt.all(personId, limit, offset) as FaceDbRow[];
    return { total, items: rows.map(toFaceSummary) };
  }

  unsortedFaces(offset: number, limit: number): { total: number; items: FaceSummary[] } {
    const total = (this.unsortedCountStmt.get() as { n: number }).n;
    return { total, items: (this.unsortedStmt.all(limit, offset) as FaceDbRow[]).map(toFaceSummary) };
  }

  /** Faces the user said are no face, the latest first. */
  ignoredFaces(offset: number, limit: number): { total: number; items: FaceSummary[] } {
    const total = (this.ignoredCountStmt.get() as { n: number }).n;
    return { total, items: (this.ignoredStmt.all(limit, offset) as FaceDbRow[]).map(toFaceSummary) };
  }

  /** Photos (file rows) holding a face of the person, in grid order. */
  photosOfPerson(personId: number, offset: number, limit: number): { total: number; items: PhotoSummary[] } {
    const total = (this.photoCountStmt.get(personId) as { n: number }).n;
    return { total, items: (this.photosStmt.all(personId, limit, offset) as SummaryRow[]).map(toSummary) };
  }

  /**
   * The user put these faces on the person: pinned there, and any "not this person" on it
   * withdrawn. Taking a face off its person also says it is not that person, which keeps that
   * person as it is: otherwise a re-clustering could let its other faces follow the moved one.
   */
  moveFaces(faceIds: readonly number[], personId: number): void {
    const at = nowIso();
    for (const faceId of faceIds) {
      const previous = (this.personOfFaceStmt.get(faceId) as { personId: number | null } | undefined)?.personId ?? null;
      if (previous !== null && previous !== personId) this.rejectStmt.run(faceId, previous, at);
      this.dropRejectionStmt.run(faceId, personId);
      this.userMoveStmt.run(personId, faceId);
    }
  }

  /** "Not this person": remembered, and the face leaves the person (unsorted until clustered again). */
  reject(faceId: number, personId: number): void {
    this.rejectStmt.run(faceId, personId, nowIso());
    this.leaveStmt.run(faceId, personId);
  }

  /**
   * "Not a face" (or taken back): an ignored face leaves its person and, being unsearchable, the
   * clustering; taken back it is unsorted until the clustering places it. Forgotten faces stay as they are.
   */
  setIgnored(faceIds: readonly number[], ignored: boolean): void {
    const stmt = this.db.prepare<{ at: string | null; faceId: number }>(
      `UPDATE faces SET ignored_at = @at,
         person_id = CASE WHEN @at IS NULL THEN person_id END, assigned_by = CASE WHEN @at IS NULL THEN assigned_by END
       WHERE id = @faceId AND forgotten_at IS NULL AND (ignored_at IS NULL) = (@at IS NOT NULL)`,
    );
    const at = ignored ? nowIso() : null;
    for (const faceId of faceIds) stmt.run({ at, faceId });
  }

  /** The faces' places and rejections as they are: what undoing a correction of them puts back. */
  faceStates(faceIds: readonly number[]): { faces: FaceState[]; rejections: FaceRejection[] } {
    const ids = JSON.stringify(faceIds);
    const faces = this.db
      .prepare(
        `SELECT id AS faceId, person_id AS personId, assigned_by AS assignedBy, ignored_at AS ignoredAt FROM faces
         WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(ids) as FaceState[];
    const rejections = this.db
      .prepare(
        `SELECT face_id AS faceId, person_id AS personId, created_at AS createdAt FROM face_person_rejections
         WHERE face_id IN (SELECT value FROM json_each(?)) ORDER BY face_id, person_id`,
      )
      .all(ids) as FaceRejection[];
    return { faces, rejections };
  }

  /**
   * Puts faces back as `faceStates` read them. A person that was merged away since is followed to
   * its survivor; one deleted since (forgotten, or emptied and cleaned up) is gone, and so the face
   * is unsorted and the rejection dropped. Forgotten faces stay forgotten.
   */
  restoreFaceStates(states: { faces: readonly FaceState[]; rejections: readonly FaceRejection[] }): void {
    const place = this.db.prepare<[number | null, string | null, string | null, number]>(
      'UPDATE faces SET person_id = ?, assigned_by = ?, ignored_at = ? WHERE id = ? AND forgotten_at IS NULL',
    );
    for (const face of states.faces) {
      const personId = face.personId === null ? null : this.livePerson(face.personId);
      place.run(personId, personId === null ? null : face.assignedBy, face.ignoredAt, face.faceId);
    }
    const faceIds = JSON.stringify(states.faces.map((f) => f.faceId));
    this.db.prepare('DELETE FROM face_person_rejections WHERE face_id IN (SELECT value FROM json_each(?))').run(faceIds);
    for (const r of states.rejections) {
      if (this.get(r.personId) !== null)
        this.db.prepare('INSERT OR IGNORE INTO face_person_rejections VALUES (?, ?, ?)').run(r.faceId, r.personId, r.createdAt);
    }
  }

  /** The person a person id stands for now: itself, its survivor after merges, or null when deleted. */
  livePerson(personId: number): number | null {
    return this.get(personId) === null ? null : this.survivorOf(personId);
  }

  /** Deletes a person the user's undo left without faces, unless named, hidden or part of a merge. */
  deleteIfEmpty(personId: number): void {
    this.db
      .prepare(
        `DELETE FROM people WHERE id = ? AND name IS NULL AND hidden = 0 AND merged_into IS NULL
           AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = people.id)
           AND NOT EXISTS (SELECT 1 FROM person_merges m WHERE m.from_person_id = people.id OR m.into_person_id = people.id)`,
      )
      .run(personId);
  }

  /** "Not the same person" between two people; false when it was said before. */
  rejectPair(personId: number, otherPersonId: number): boolean {
    const [a, b] = personId < otherPersonId ? [personId, otherPersonId] : [otherPersonId, personId];
    return this.db.prepare('INSERT OR IGNORE INTO person_pair_rejections VALUES (?, ?, ?)').run(a, b, nowIso()).changes > 0;
  }

  dropPairRejection(personId: number, otherPersonId: number): void {
    const [a, b] = personId < otherPersonId ? [personId, otherPersonId] : [otherPersonId, personId];
    this.db.prepare('DELETE FROM person_pair_rejections WHERE person_id = ? AND other_person_id = ?').run(a, b);
  }

  /**
   * Pairs of people the user kept apart, with ids as stored: pairs said "not the same person", and
   * a face's person with a person one of its faces was taken off or rejected from.
   */
  keptApart(): Array<{ personId: number; otherPersonId: number }> {
    return this.db
      .prepare(
        `SELECT person_id AS personId, other_person_id AS otherPersonId FROM person_pair_rejections
         UNION
         SELECT f.person_id, r.person_id FROM face_person_rejections r JOIN faces f ON f.id = r.face_id
         WHERE f.person_id IS NOT NULL AND f.person_id != r.person_id`,
      )
      .all() as Array<{ personId: number; otherPersonId: number }>;
  }

  /** Replaces every face link (a full clustering run found them all again), or adds some (`replace` false). */
  saveFaceLinks(links: readonly FaceLink[], replace: boolean): void {
    if (replace) this.db.prepare('DELETE FROM face_links').run();
    const insert = this.db.prepare<[number, number, number]>('INSERT OR REPLACE INTO face_links VALUES (?, ?, ?)');
    for (const l of links) insert.run(Math.min(l.faceId, l.otherFaceId), Math.max(l.faceId, l.otherFaceId), l.distance);
  }

  /**
   * The closest linked faces of each pair of people, through the faces' people now: faces of one
   * person, of nobody, ignored or of another model do not count.
   */
  linkedPeople(modelId: number): Array<{ personId: number; otherPersonId: number; distance: number; faceId: number; otherFaceId: number }> {
    return this.db
      .prepare(
        `SELECT a.person_id AS personId, b.person_id AS otherPersonId, min(l.distance) AS distance,
           l.face_id AS faceId, l.other_face_id AS otherFaceId
         FROM face_links l JOIN faces a ON a.id = l.face_id JOIN faces b ON b.id = l.other_face_id
         WHERE a.person_id IS NOT NULL AND b.person_id IS NOT NULL AND a.person_id != b.person_id
           AND a.model_id = @modelId AND b.model_id = @modelId AND ${usableFace('a')} AND ${usableFace('b')}
         GROUP BY a.person_id, b.person_id`,
      )
      .all({ modelId }) as Array<{ personId: number; otherPersonId: number; distance: number; faceId: number; otherFaceId: number }>;
  }

  /** Puts a correction on the undo stack (keeping the latest `keep`); returns its id. */
  pushCorrection(kind: string, undo: unknown, keep = 200): number {
    const id = Number(
      this.db.prepare('INSERT INTO people_corrections (kind, undo, created_at) VALUES (?, ?, ?)').run(kind, JSON.stringify(undo), nowIso()).lastInsertRowid,
    );
    this.db.prepare('DELETE FROM people_corrections WHERE id <= ?').run(id - keep);
    return id;
  }

  /** The latest correction not undone yet. */
  lastCorrection(): CorrectionRow | null {
    return (
      (this.db.prepare('SELECT id, kind, undo, undone_at AS undoneAt FROM people_corrections WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1').get() as
        CorrectionRow | undefined) ?? null
    );
  }

  correction(id: number): CorrectionRow | null {
    return (this.db.prepare('SELECT id, kind, undo, undone_at AS undoneAt FROM people_corrections WHERE id = ?').get(id) as CorrectionRow | undefined) ?? null;
  }

  markCorrectionUndone(id: number): void {
    this.db.prepare('UPDATE people_corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL').run(nowIso(), id);
  }

  /** The merge's correction, once the merge was undone another way (undoMerge). */
  markMergeCorrectionUndone(mergeId: number): void {
    this.db
      .prepare(`UPDATE people_corrections SET undone_at = ? WHERE kind = 'merge' AND json_extract(undo, '$.mergeId') = ? AND undone_at IS NULL`)
      .run(nowIso(), mergeId);
  }

  /** Writes automatic assignments; faces the user placed are left alone. `created` ids become new people rows. */
  applyAssignments(assignments: Assignments, created: readonly PersonId[]): number {
    const rowOf = new Map(created.map((id) => [id, this.create()]));
    let changed = 0;
    for (const [faceId, personId] of assignments) {
      const target = personId === null ? null : (rowOf.get(personId) ?? personId);
      changed += this.autoAssignStmt.run({ personId: target, faceId }).changes;
    }
    return changed;
  }

  /** People nobody named, hid or merged that the clustering left without faces. */
  deleteEmptyPeople(): number {
    return this.db
      .prepare(
        `DELETE FROM people WHERE name IS NULL AND hidden = 0 AND merged_into IS NULL
           AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = people.id)
           AND NOT EXISTS (SELECT 1 FROM person_merges m WHERE m.undone_at IS NULL
                           AND (m.from_person_id = people.id OR m.into_person_id = people.id))`,
      )
      .run().changes;
  }

  /** Everything the user said, in the clustering's terms. */
  constraints(): UserConstraints {
    const ids = (sql: string) => (this.db.prepare(sql).all() as { id: number }[]).map((r) => r.id);
    return {
      named: ids('SELECT id FROM people WHERE name IS NOT NULL AND merged_into IS NULL'),
      hidden: ids('SELECT id FROM people WHERE hidden = 1 AND merged_into IS NULL'),
      moved: this.db.prepare(`SELECT id AS faceId, person_id AS personId FROM faces WHERE assigned_by = 'user' AND person_id IS NOT NULL`).all() as {
        faceId: number;
        personId: number;
      }[],
      rejected: this.db.prepare('SELECT face_id AS faceId, person_id AS personId FROM face_person_rejections').all() as {
        faceId: number;
        personId: number;
      }[],
      merged: this.db.prepare('SELECT from_person_id AS "from", into_person_id AS "into" FROM person_merges WHERE undone_at IS NULL ORDER BY id').all() as {
        from: number;
        into: number;
      }[],
      apart: this.db
        .prepare('SELECT person_id AS personId, other_person_id AS otherPersonId FROM person_pair_rejections ORDER BY person_id, other_person_id')
        .all() as { personId: number; otherPersonId: number }[],
    };
  }

  /**
   * Moves every face of `from` into `into` and keeps the undo record. The survivor takes the
   * merged person's name when it had none.
   */
  merge(from: PersonRow, into: PersonRow): number {
    const faceIds = (this.db.prepare('SELECT id FROM faces WHERE person_id = ? ORDER BY id').all(from.id) as { id: number }[]).map((r) => r.id);
    const intoName = this.get(into.id)?.name ?? null;
    const info = this.db
      .prepare(
        `INSERT INTO person_merges (from_person_id, into_person_id, face_ids, from_name, into_name, merged_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(from.id, into.id, JSON.stringify(faceIds), from.name, intoName, nowIso());
    this.assignAllStmt.run(into.id, from.id);
    // Rejections of the merged person now mean "not the survivor" too.
    this.db
      .prepare(
        `INSERT OR IGNORE INTO face_person_rejections (face_id, person_id, created_at)
         SELECT face_id, ?, created_at FROM face_person_rejections WHERE person_id = ?`,
      )
      .run(into.id, from.id);
    this.db.prepare('UPDATE people SET merged_into = ? WHERE id = ?').run(into.id, from.id);
    if (intoName === null && from.name !== null) this.rename(into.id, from.name);
    return Number(info.lastInsertRowid);
  }

  getMerge(mergeId: number): MergeRow | null {
    const row = this.db
      .prepare(
        `SELECT id, from_person_id AS fromPersonId, into_person_id AS intoPersonId, face_ids AS faceIds,
           from_name AS fromName, into_name AS intoName, undone_at AS undoneAt FROM person_merges WHERE id = ?`,
      )
      .get(mergeId) as (Omit<MergeRow, 'faceIds'> & { faceIds: string }) | undefined;
    return row ? { ...row, faceIds: JSON.parse(row.faceIds) as number[] } : null;
  }

  /** The person a merged-away person's faces live with now (following later merges). */
  survivorOf(personId: number): number {
    let current = personId;
    for (let steps = 0; steps < 10_000; steps++) {
      const next = this.get(current)?.mergedInto ?? null;
      if (next === null) return current;
      current = next;
    }
    throw new Error(`people merges form a cycle through person ${personId}`);
  }

  /**
   * Splits a merge back apart: the merged person's faces that still sit with the survivor go
   * back (faces the user moved elsewhere since stay where they are), and so does the name.
   */
  undoMerge(merge: MergeRow): void {
    const survivor = this.survivorOf(merge.intoPersonId);
    const back = this.db.prepare('UPDATE faces SET person_id = ? WHERE id = ? AND person_id = ?');
    for (const faceId of merge.faceIds) back.run(merge.fromPersonId, faceId, survivor);
    this.db.prepare('UPDATE people SET merged_into = NULL WHERE id = ?').run(merge.fromPersonId);
    this.db.prepare('UPDATE person_merges SET undone_at = ? WHERE id = ?').run(nowIso(), merge.id);
    const into = this.get(merge.intoPersonId);
    if (into && merge.intoName === null && merge.fromName !== null && into.name === merge.fromName) this.rename(into.id, null);
  }

  clusteringState(): ClusteringState | null {
    const row = this.db.prepare('SELECT model_id AS modelId, through_face_id AS throughFaceId FROM people_clustering WHERE id = 1').get() as
      ClusteringState | undefined;
    return row ?? null;
  }

  /**
   * Records a clustering run. While faces wait to be re-embedded by a new model (stale), the mark
   * stays at 0: the run saw only the faces re-embedded so far, and the others keep their ids when
   * re-embedded, so a mark by id would count them as clustered already. The first run once none is
   * stale then clusters every face, as after any model change.
   */
  setClusteringState(modelId: number, throughFaceId: number): void {
    this.db
      .prepare(
        `INSERT INTO people_clustering (id, model_id, through_face_id, clustered_at)
         VALUES (1, ?, CASE WHEN EXISTS (SELECT 1 FROM faces WHERE stale = 1) THEN 0 ELSE ? END, ?)
         ON CONFLICT (id) DO UPDATE SET model_id = excluded.model_id, through_face_id = excluded.through_face_id,
           clustered_at = excluded.clustered_at`,
      )
      .run(modelId, throughFaceId, nowIso());
  }

  /**
   * "Forget this person": its faces become tombstones (no embedding, landmarks, quality or crop;
   * see migration 5), its face crops' derivative rows go, and so do the person, the people merged
   * into it and every merge record naming them. Returns the faces and the crop files to delete.
   * Freed bytes are overwritten: the catalog runs with secure_delete on (database.ts).
   */
  forget(personId: number): { faceIds: number[]; thumbPaths: string[] } {
    const people = [personId, ...this.mergedInto(personId)];
    const rows = this.db.prepare(`SELECT id, thumb_path AS thumbPath FROM faces WHERE person_id IN (${people.map(() => '?').join(',')})`).all(...people) as {
      id: number;
      thumbPath: string | null;
    }[];
    const thumbPaths = rows.flatMap((r) => (r.thumbPath === null ? [] : [r.thumbPath]));
    const dropDerivative = this.db.prepare(`DELETE FROM derivatives WHERE kind = 'face' AND path = ?`);
    for (const thumb of thumbPaths) dropDerivative.run(thumb);
    const tombstone = this.db.prepare(
      `UPDATE faces SET embedding = NULL, landmarks = NULL, quality = NULL, thumb_path = NULL, person_id = NULL,
         assigned_by = NULL, forgotten_at = ? WHERE id = ?`,
    );
    const at = nowIso();
    for (const row of rows) tombstone.run(at, row.id);
    // Distances between the forgotten faces and others are derived from their embeddings.
    const faceIds = JSON.stringify(rows.map((r) => r.id));
    this.db
      .prepare('DELETE FROM face_links WHERE face_id IN (SELECT value FROM json_each(?)) OR other_face_id IN (SELECT value FROM json_each(?))')
      .run(faceIds, faceIds);
    const list = people.map(() => '?').join(',');
    this.db.prepare(`DELETE FROM person_merges WHERE from_person_id IN (${list}) OR into_person_id IN (${list})`).run(...people, ...people);
    this.db.prepare(`UPDATE people SET merged_into = NULL WHERE id IN (${list})`).run(...people);
    this.db.prepare(`DELETE FROM people WHERE id IN (${list})`).run(...people);
    return { faceIds: rows.map((r) => r.id), thumbPaths };
  }

  private mergedInto(personId: number): number[] {
    const direct = (this.db.prepare('SELECT id FROM people WHERE merged_into = ?').all(personId) as { id: number }[]).map((r) => r.id);
    return direct.flatMap((id) => [id, ...this.mergedInto(id)]);
  }
}

function toPersonSummary(row: SummaryDbRow): PersonSummary {
  return {
    id: row.id,
    name: row.name,
    hidden: row.hidden === 1,
    faceCount: row.faceCount,
    photoCount: row.photoCount,
    coverFaceId: row.coverFaceId,
    firstSeen: row.firstSeen === null ? null : wallClockIso(row.firstSeen),
    lastSeen: row.lastSeen === null ? null : wallClockIso(row.lastSeen),
  };
}

function toFaceSummary(row: FaceDbRow): FaceSummary {
  return {
    id: row.id,
    photoId: row.photoId,
    box: { x: row.box_x, y: row.box_y, width: row.box_w, height: row.box_h },
    score: row.det_score,
    quality: row.quality,
    personId: row.person_id,
    assignedBy: row.assigned_by,
  };
}
