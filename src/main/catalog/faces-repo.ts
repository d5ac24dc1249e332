import type { FaceBox, FaceModelRef, FacePoint, FoundFace, KnownFace, StoredFace } from '../domain/indexed-file';
import type { Db } from './database';
import { nowIso } from './time';
import { searchableFace } from './face-filters';

/** A face as the photo panel shows it. */
export interface PhotoFaceRow {
  id: number;
  box: FaceBox;
  keypoints: FacePoint[];
  score: number;
  quality: number | null;
  personId: number | null;
  /** For a video: seconds from its start to the frame the face was found in. */
  frameSeconds: number | null;
}

/** A stored face waiting for a new embedding. */
export interface StaleFace extends KnownFace {
  id: number;
}

/** What face search and clustering read: vectors of one model only. */
export interface FaceEmbedding {
  id: number;
  sha256: string;
  personId: number | null;
  quality: number | null;
  /** L2-normalized. */
  embedding: Float32Array;
}

interface FaceRow {
  id: number;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  landmarks: string | null;
  det_score: number;
  quality: number | null;
  person_id: number | null;
}

/**
 * Faces, keyed by content (sha256) so every copy of a photo shares them, each with the model its
 * embedding came from. A face whose model is not the current one is stale: it keeps its person
 * and is searched no more until it is embedded again.
 */
export class FacesRepository {
  private readonly insertModelStmt;
  private readonly modelStmt;
  private readonly insertStmt;
  private readonly countForContentStmt;
  private readonly forPhotoStmt;
  private readonly thumbStmt;
  private readonly markStaleStmt;
  private readonly staleContentStmt;
  private readonly staleFacesStmt;
  private readonly staleCountStmt;
  private readonly reembedProgressStmt;
  private readonly updateEmbeddingStmt;
  private readonly embeddingsStmt;
  private readonly placementsStmt;
  private readonly embeddingsPageStmt;
  private readonly deleteOrphansStmt;
  private readonly countStmt;
  private readonly modelRefStmt;
  private readonly contentFacesStmt;
  private readonly setThumbStmt;

  constructor(db: Db) {
    this.insertModelStmt = db.prepare<[string, string, number]>(
      'INSERT INTO embedding_models (name, version, dim) VALUES (?, ?, ?) ON CONFLICT (name, version) DO NOTHING',
    );
    this.modelStmt = db.prepare<[string, string]>('SELECT id, dim FROM embedding_models WHERE name = ? AND version = ?');
    this.insertStmt = db.prepare(`
      INSERT INTO faces (sha256, box_x, box_y, box_w, box_h, landmarks, det_score, quality, embedding, model_id,
        thumb_path, frame_seconds, created_at)
      VALUES (@sha256, @x, @y, @width, @height, @landmarks, @score, @quality, @embedding, @modelId, @thumbPath,
        @frameSeconds, @createdAt)`);
    this.countForContentStmt = db.prepare<[string]>('SELECT count(*) AS n FROM faces WHERE sha256 = ?');
    const columns = 'id, box_x, box_y, box_w, box_h, landmarks, det_score, quality, person_id';
    this.forPhotoStmt = db.prepare<[number]>(
      `SELECT ${columns}, frame_seconds FROM faces
       WHERE sha256 = (SELECT sha256 FROM files WHERE id = ?) AND forgotten_at IS NULL AND ignored_at IS NULL ORDER BY id`,
    );
    this.thumbStmt = db.prepare<[number]>('SELECT thumb_path AS thumbPath FROM faces WHERE id = ?');
    this.markStaleStmt = db.prepare<[number]>('UPDATE faces SET stale = 1 WHERE stale = 0 AND (model_id IS NULL OR model_id != ?)');
    this.staleContentStmt = db.prepare<[string, number]>('SELECT DISTINCT sha256 FROM faces WHERE stale = 1 AND sha256 > ? ORDER BY sha256 LIMIT ?');
    this.staleFacesStmt = db.prepare<[string]>(`SELECT ${columns}, frame_seconds FROM faces WHERE sha256 = ? AND stale = 1 ORDER BY id`);
    this.staleCountStmt = db.prepare('SELECT count(*) AS n FROM faces WHERE stale = 1');
    // Forgotten faces are never stale (migration 5), nor counted: the library's faces as the status shows them.
    this.reembedProgressStmt = db.prepare('SELECT count(*) AS total, coalesce(sum(stale), 0) AS stale FROM faces WHERE forgotten_at IS NULL');
    this.updateEmbeddingStmt = db.prepare<[Buffer, number, number, number]>(
      'UPDATE faces SET embedding = ?, quality = ?, model_id = ?, stale = 0 WHERE id = ? AND stale = 1',
    );
    // Faces the user marked "not a face" are no one's and shape nothing.
    const current = searchableFace();
    this.embeddingsStmt = db.prepare<[number]>(`SELECT id, sha256, person_id AS personId, quality, embedding FROM faces WHERE ${current} ORDER BY id`);
    this.placementsStmt = db.prepare<[number]>(`SELECT id, person_id AS personId FROM faces WHERE ${current} ORDER BY id`);
    this.embeddingsPageStmt = db.prepare<[number, number, number]>(
      `SELECT id, sha256, person_id AS personId, quality, embedding FROM faces WHERE ${current} AND id > ? ORDER BY id LIMIT ?`,
    );
    this.deleteOrphansStmt = db.prepare('DELETE FROM faces WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = faces.sha256)');
    this.countStmt = db.prepare('SELECT count(*) AS n FROM faces');
    this.modelRefStmt = db.prepare<[number]>('SELECT name, version, dim FROM embedding_models WHERE id = ?');
    this.contentFacesStmt = db.prepare<[string]>(`SELECT ${columns}, thumb_path AS thumbPath FROM faces WHERE sha256 = ? ORDER BY id`);
    this.setThumbStmt = db.prepare<[string, number]>('UPDATE faces SET thumb_path = ? WHERE id = ?');
  }

  /** The embedding_models row of a model, created on first use. */
  modelId(model: FaceModelRef): number {
    this.insertModelStmt.run(model.name, model.version, model.dim);
    const row = this.modelStmt.get(model.name, model.version) as { id: number; dim: number };
    if (row.dim !== model.dim) {
      throw new Error(`model ${model.name} ${model.version} was recorded with ${row.dim}-d embeddings, not ${model.dim}-d`);
    }
    return row.id;
  }

  modelRef(modelId: number): FaceModelRef | null {
    return (this.modelRefStmt.get(modelId) as FaceModelRef | undefined) ?? null;
  }

  hasFaces(sha256: string): boolean {
    return (this.countForContentStmt.get(sha256) as { n: number }).n > 0;
  }

  /**
   * Stores the faces found in a content; `thumbPaths` are library-relative, one per face (none yet
   * for faces taken from another library: the content's indexing crops them, see withoutThumbs).
   */
  insert(sha256: string, faces: readonly Omit<FoundFace, 'thumb'>[], modelId: number, thumbPaths: readonly string[]): number[] {
    const createdAt = nowIso();
    return faces.map((face, i) => {
      const info = this.insertStmt.run({
        sha256,
        ...face.box,
        landmarks: JSON.stringify(face.keypoints),
        score: face.score,
        quality: face.quality,
        embedding: embeddingBlob(face.embedding),
        modelId,
        thumbPath: thumbPaths[i] ?? null,
        frameSeconds: face.frameSeconds ?? null,
        createdAt,
      });
      return Number(info.lastInsertRowid);
    });
  }

  /** Faces of a photo's content, in detection order; not those the user said are no face. */
  forPhoto(photoId: number): PhotoFaceRow[] {
    return (this.forPhotoStmt.all(photoId) as (FaceRow & { frame_seconds: number | null })[]).map((row) => ({
      id: row.id,
      box: boxOf(row),
      keypoints: keypointsOf(row),
      score: row.det_score,
      quality: row.quality,
      personId: row.person_id,
      frameSeconds: row.frame_seconds,
    }));
  }

  /** The content's faces that have no thumbnail, each with its place among the content's faces. */
  withoutThumbs(sha256: string): StoredFace[] {
    const rows = this.contentFacesStmt.all(sha256) as (FaceRow & { thumbPath: string | null })[];
    return rows.flatMap((row, index) => (row.thumbPath === null ? [{ id: row.id, index, box: boxOf(row), keypoints: keypointsOf(row) }] : []));
  }

  setThumb(faceId: number, thumbPath: string): void {
    this.setThumbStmt.run(thumbPath, faceId);
  }

  /** Library-relative path of the face's thumbnail. */
  thumbPath(faceId: number): string | null {
    return (this.thumbStmt.get(faceId) as { thumbPath: string | null } | undefined)?.thumbPath ?? null;
  }

  /** Marks every face embedded by another model stale; returns how many became stale. */
  markStale(currentModelId: number): number {
    return this.markStaleStmt.run(currentModelId).changes;
  }

  staleCount(): number {
    return (this.staleCountStmt.get() as { n: number }).n;
  }

  /**
   * How far re-embedding the library's faces with the current model has come: faces done of all
   * faces, or null when none is stale (no model upgrade under way).
   */
  reembedProgress(): { done: number; total: number } | null {
    const { total, stale } = this.reembedProgressStmt.get() as { total: number; stale: number };
    return stale === 0 ? null : { done: total - stale, total };
  }

  /** Contents with stale faces, in sha256 order after `after` (a cursor, '' to start). */
  staleContent(after: string, limit: number): string[] {
    return (this.staleContentStmt.all(after, limit) as { sha256: string }[]).map((row) => row.sha256);
  }

  staleFaces(sha256: string): StaleFace[] {
    return (this.staleFacesStmt.all(sha256) as (FaceRow & { frame_seconds: number | null })[]).map((row) => ({
      id: row.id,
      box: boxOf(row),
      keypoints: keypointsOf(row),
      ...(row.frame_seconds !== null && { frameSeconds: row.frame_seconds }),
    }));
  }

  /** A stale face's new vector; false when it is no longer stale (embedded meanwhile). */
  updateEmbedding(faceId: number, embedding: Float32Array, quality: number, modelId: number): boolean {
    return this.updateEmbeddingStmt.run(embeddingBlob(embedding), quality, modelId, faceId).changes > 0;
  }

  /** Every current vector of one model: never mixed with another model's, never stale, never ignored. */
  embeddings(modelId: number): FaceEmbedding[] {
    const rows = this.embeddingsStmt.all(modelId) as (Omit<FaceEmbedding, 'embedding'> & { embedding: Buffer })[];
    return rows.map((row) => ({ ...row, embedding: embeddingOf(row.embedding) }));
  }

  /** One page of what `embeddings` returns: up to `limit` faces with ids above `afterId`. */
  embeddingsAfter(modelId: number, afterId: number, limit: number): FaceEmbedding[] {
    const rows = this.embeddingsPageStmt.all(modelId, afterId, limit) as (Omit<FaceEmbedding, 'embedding'> & { embedding: Buffer })[];
    return rows.map((row) => ({ ...row, embedding: embeddingOf(row.embedding) }));
  }

  /** The faces `embeddings` returns, with only their current person: cheap to read again. */
  placements(modelId: number): { id: number; personId: number | null }[] {
    return this.placementsStmt.all(modelId) as { id: number; personId: number | null }[];
  }

  /** Removes faces of content no file references any more (their source was removed). */
  deleteOrphans(): number {
    return this.deleteOrphansStmt.run().changes;
  }

  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }
}

export function embeddingBlob(embedding: Float32Array): Buffer {
  return Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength);
}

/** Copies: a BLOB's bytes need not be aligned for a Float32Array view. */
export function embeddingOf(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

function boxOf(row: FaceRow): FaceBox {
  return { x: row.box_x, y: row.box_y, width: row.box_w, height: row.box_h };
}

function keypointsOf(row: FaceRow): FacePoint[] {
  return row.landmarks === null ? [] : (JSON.parse(row.landmarks) as FacePoint[]);
}
