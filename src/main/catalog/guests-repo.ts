import type { PhotoSummary } from '../../shared/api';
import type { Db } from './database';
import { embeddingBlob, embeddingOf } from './faces-repo';
import { listed, summaryColumns, toSummary, type SummaryRow } from './photo-queries';
import { nowIso } from './time';
import { searchableFace } from './face-filters';

export interface GuestRow {
  id: number;
  eventId: number;
  name: string;
  personId: number | null;
  createdAt: string;
}

export interface GuestReferenceRow {
  id: number;
  guestId: number;
  fileName: string;
  modelId: number;
  cropPath: string;
  createdAt: string;
}

export interface NewGuestReference {
  fileName: string;
  modelId: number;
  embedding: Float32Array;
  cropPath: string;
}

const referenceColumns = 'id, guest_id AS guestId, file_name AS fileName, model_id AS modelId, crop_path AS cropPath, created_at AS createdAt';

/** Searchable faces only: the same rule the vector index follows. */
const searchableGuestFace = searchableFace('fa');

/** Events read like a story: oldest first, ties by id (as events-repo lists an event's photos). */
const chronological = 'ORDER BY f.sort_time, f.id';

/** Event guests, their reference faces and the event photos computed for each (migration 7). */
export class GuestsRepository {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly renameStmt;
  private readonly setPersonStmt;
  private readonly deleteStmt;
  private readonly insertReferenceStmt;
  private readonly referencesStmt;
  private readonly referencesWithEmbeddingsStmt;
  private readonly deleteReferenceStmt;
  private readonly cropUsersStmt;
  private readonly referenceEmbeddingsStmt;
  private readonly personEmbeddingsStmt;
  private readonly personFaceCountStmt;
  private readonly personPhotosInEventStmt;
  private readonly clearPhotosStmt;
  private readonly insertPhotoStmt;
  private readonly photoCountStmt;
  private readonly pageStmt;
  private readonly photoShasStmt;
  private readonly allIdsStmt;
  private readonly otherModelReferencesStmt;
  private readonly reembedReferenceStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[number, string, number | null, string]>(
      'INSERT INTO event_guests (event_id, name, person_id, created_at) VALUES (?, ?, ?, ?)',
    );
    const columns = 'id, event_id AS eventId, name, person_id AS personId, created_at AS createdAt';
    this.getStmt = db.prepare<[number]>(`SELECT ${columns} FROM event_guests WHERE id = ?`);
    this.listStmt = db.prepare<[number]>(`SELECT ${columns} FROM event_guests WHERE event_id = ? ORDER BY name COLLATE NOCASE, id`);
    this.renameStmt = db.prepare<[string, number]>('UPDATE event_guests SET name = ? WHERE id = ?');
    this.setPersonStmt = db.prepare<[number | null, number]>('UPDATE event_guests SET person_id = ? WHERE id = ?');
    this.deleteStmt = db.prepare<[number]>('DELETE FROM event_guests WHERE id = ?');
    this.insertReferenceStmt = db.prepare<[number, string, number, Buffer, string, string]>(
      'INSERT INTO guest_references (guest_id, file_name, model_id, embedding, crop_path, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.referencesStmt = db.prepare<[number]>(`SELECT ${referenceColumns} FROM guest_references WHERE guest_id = ? ORDER BY id`);
    this.referencesWithEmbeddingsStmt = db.prepare<[number]>(`SELECT ${referenceColumns}, embedding FROM guest_references WHERE guest_id = ? ORDER BY id`);
    this.deleteReferenceStmt = db.prepare<[number]>('DELETE FROM guest_references WHERE id = ?');
    this.cropUsersStmt = db.prepare<[string]>('SELECT count(*) AS n FROM guest_references WHERE crop_path = ?');
    this.referenceEmbeddingsStmt = db.prepare<[number, number]>('SELECT embedding FROM guest_references WHERE guest_id = ? AND model_id = ? ORDER BY id');
    this.personEmbeddingsStmt = db.prepare<[number, number]>(
      `SELECT fa.embedding FROM faces fa WHERE fa.person_id = ? AND ${searchableGuestFace} ORDER BY fa.id`,
    );
    this.personFaceCountStmt = db.prepare<[number, number]>(`SELECT count(*) AS n FROM faces fa WHERE fa.person_id = ? AND ${searchableGuestFace}`);
    // One file per content, the first in the event, as selfie search picks it.
    this.personPhotosInEventStmt = db.prepare<[number, number]>(
      `SELECT min(f.id) AS id, f.sha256 FROM event_photos ep JOIN files f ON f.id = ep.file_id
       WHERE ep.event_id = ? AND ${listed} AND f.sha256 IN (SELECT sha256 FROM faces WHERE person_id = ? AND forgotten_at IS NULL)
       GROUP BY f.sha256`,
    );
    this.clearPhotosStmt = db.prepare<[number]>('DELETE FROM guest_photos WHERE guest_id = ?');
    // Only photos still in the guest's event: a stale match never outlives its membership.
    this.insertPhotoStmt = db.prepare<[number, number]>(
      `INSERT OR IGNORE INTO guest_photos (guest_id, file_id)
       SELECT g.id, ep.file_id FROM event_guests g JOIN event_photos ep ON ep.event_id = g.event_id
       WHERE g.id = ? AND ep.file_id = ?`,
    );
    const members = `FROM guest_photos gp JOIN event_guests g ON g.id = gp.guest_id
      JOIN event_photos ep ON ep.event_id = g.event_id AND ep.file_id = gp.file_id
      JOIN files f ON f.id = gp.file_id WHERE gp.guest_id = ? AND ${listed}`;
    this.photoCountStmt = db.prepare<[number]>(`SELECT count(*) AS n ${members}`);
    this.pageStmt = db.prepare<[number, number, number]>(`SELECT ${summaryColumns} ${members} ${chronological} LIMIT ? OFFSET ?`);
    this.photoShasStmt = db.prepare<[number]>(`SELECT DISTINCT f.sha256 ${members}`);
    this.allIdsStmt = db.prepare('SELECT id FROM event_guests ORDER BY id');
    this.otherModelReferencesStmt = db.prepare<[number]>(`SELECT ${referenceColumns} FROM guest_references WHERE model_id != ? ORDER BY id`);
    this.reembedReferenceStmt = db.prepare<[number, Buffer, number, number]>(
      'UPDATE guest_references SET model_id = ?, embedding = ? WHERE id = ? AND model_id = ?',
    );
  }

  create(eventId: number, name: string, personId: number | null, createdAt = nowIso()): number {
    return Number(this.insertStmt.run(eventId, name, personId, createdAt).lastInsertRowid);
  }

  get(guestId: number): GuestRow | null {
    return (this.getStmt.get(guestId) as GuestRow | undefined) ?? null;
  }

  list(eventId: number): GuestRow[] {
    return this.listStmt.all(eventId) as GuestRow[];
  }

  allIds(): number[] {
    return (this.allIdsStmt.raw().all() as [number][]).map((row) => row[0]);
  }

  rename(guestId: number, name: string): void {
    this.renameStmt.run(name, guestId);
  }

  setPerson(guestId: number, personId: number | null): void {
    this.setPersonStmt.run(personId, guestId);
  }

  /** Deletes the guest with its references and photos; returns the crop files no reference uses any more. */
  delete(guestId: number): string[] {
    const crops = this.references(guestId).map((ref) => ref.cropPath);
    this.deleteStmt.run(guestId);
    return this.unusedCrops(crops);
  }

  addReference(guestId: number, reference: NewGuestReference, createdAt = nowIso()): number {
    const { fileName, modelId, embedding, cropPath } = reference;
    return Number(this.insertReferenceStmt.run(guestId, fileName, modelId, embeddingBlob(embedding), cropPath, createdAt).lastInsertRowid);
  }

  references(guestId: number): GuestReferenceRow[] {
    return this.referencesStmt.all(guestId) as GuestReferenceRow[];
  }

  /** Every reference of the guest with its vector, whichever model embedded it. */
  referencesWithEmbeddings(guestId: number): (GuestReferenceRow & { embedding: Float32Array })[] {
    return (this.referencesWithEmbeddingsStmt.all(guestId) as (GuestReferenceRow & { embedding: Buffer })[]).map((row) => ({
      ...row,
      embedding: embeddingOf(row.embedding),
    }));
  }

  /** Removes references of one guest; returns the crop files no reference uses any more. */
  removeReferences(guestId: number, referenceIds: readonly number[]): string[] {
    const wanted = new Set(referenceIds);
    const doomed = this.references(guestId).filter((ref) => wanted.has(ref.id));
    for (const ref of doomed) this.deleteReferenceStmt.run(ref.id);
    return this.unusedCrops(doomed.map((ref) => ref.cropPath));
  }

  /** References of every guest embedded by another model than `modelId` (a model upgrade re-embeds them). */
  referencesOfOtherModels(modelId: number): GuestReferenceRow[] {
    return this.otherModelReferencesStmt.all(modelId) as GuestReferenceRow[];
  }

  /**
   * A reference's vector from another model; false when the reference changed meanwhile (removed,
   * or re-embedded already: `fromModelId` is the model it was read with).
   */
  reembedReference(referenceId: number, fromModelId: number, modelId: number, embedding: Float32Array): boolean {
    return this.reembedReferenceStmt.run(modelId, embeddingBlob(embedding), referenceId, fromModelId).changes > 0;
  }

  /** The selfie faces of a guest embedded by `modelId` (others wait until they are re-embedded). */
  referenceEmbeddings(guestId: number, modelId: number): Float32Array[] {
    return (this.referenceEmbeddingsStmt.raw().all(guestId, modelId) as [Buffer][]).map((row) => embeddingOf(row[0]));
  }

  personEmbeddings(personId: number, modelId: number): Float32Array[] {
    return (this.personEmbeddingsStmt.raw().all(personId, modelId) as [Buffer][]).map((row) => embeddingOf(row[0]));
  }

  personFaceCount(personId: number, modelId: number): number {
    return (this.personFaceCountStmt.get(personId, modelId) as { n: number }).n;
  }

  /** Photos of the event (one file per content) with a face the person was recognized in. */
  personPhotosInEvent(eventId: number, personId: number): { id: number; sha256: string }[] {
    return this.personPhotosInEventStmt.all(eventId, personId) as { id: number; sha256: string }[];
  }

  /** Replaces the guest's computed photos; ids outside the guest's event are left out. */
  setPhotos(guestId: number, fileIds: Iterable<number>): void {
    this.clearPhotosStmt.run(guestId);
    for (const fileId of fileIds) this.insertPhotoStmt.run(guestId, fileId);
  }

  photoCount(guestId: number): number {
    return (this.photoCountStmt.get(guestId) as { n: number }).n;
  }

  photoPage(guestId: number, offset: number, limit: number): { total: number; items: PhotoSummary[] } {
    const rows = this.pageStmt.all(guestId, limit, offset) as SummaryRow[];
    return { total: this.photoCount(guestId), items: rows.map(toSummary) };
  }

  /** Contents of the guest's photos that are still in the event. */
  photoShas(guestId: number): string[] {
    return (this.photoShasStmt.raw().all(guestId) as [string][]).map((row) => row[0]);
  }

  /** Those of `paths` no reference uses (any more). */
  unusedCrops(paths: readonly string[]): string[] {
    return [...new Set(paths)].filter((rel) => (this.cropUsersStmt.get(rel) as { n: number }).n === 0);
  }
}
