import type { Db } from './database';
import { embeddingOf } from './faces-repo';
import { searchableFace } from './face-filters';

export interface EmbeddingModelRow {
  id: number;
  name: string;
  version: string;
  dim: number;
}

export interface FaceVectorRow {
  faceId: number;
  vector: Float32Array;
}

const searchable = searchableFace();

/** SQLite's default limit on host parameters is 32766; stay well below. */
const chunk = 10_000;

/** What the vector index mirrors: the searchable embeddings of one model. */
export class FaceVectorsRepository {
  private readonly modelStmt;
  private readonly stateStmt;
  private readonly allStmt;
  private readonly idsStmt;

  constructor(private readonly db: Db) {
    this.modelStmt = db.prepare<[number]>('SELECT id, name, version, dim FROM embedding_models WHERE id = ?');
    this.stateStmt = db.prepare<[number]>(`SELECT count(*) AS count, coalesce(max(id), 0) AS lastFaceId FROM faces WHERE ${searchable}`);
    this.allStmt = db.prepare<[number]>(`SELECT id, embedding FROM faces WHERE ${searchable} ORDER BY id`);
    this.idsStmt = db.prepare<[number]>(`SELECT id FROM faces WHERE ${searchable}`);
  }

  model(modelId: number): EmbeddingModelRow | null {
    return (this.modelStmt.get(modelId) as EmbeddingModelRow | undefined) ?? null;
  }

  state(modelId: number): { count: number; lastFaceId: number } {
    return this.stateStmt.get(modelId) as { count: number; lastFaceId: number };
  }

  /** Streams rows so a rebuild never holds every BLOB at once. */
  *all(modelId: number): Generator<FaceVectorRow> {
    for (const row of this.allStmt.iterate(modelId) as Iterable<{ id: number; embedding: Buffer }>) {
      yield { faceId: row.id, vector: embeddingOf(row.embedding) };
    }
  }

  ids(modelId: number): Set<number> {
    return new Set((this.idsStmt.raw().all(modelId) as [number][]).map((r) => r[0]));
  }

  /** The searchable ones among `faceIds`, in no particular order. */
  some(modelId: number, faceIds: readonly number[]): FaceVectorRow[] {
    const rows: FaceVectorRow[] = [];
    for (let i = 0; i < faceIds.length; i += chunk) {
      const part = faceIds.slice(i, i + chunk);
      const found = this.db
        .prepare(`SELECT id, embedding FROM faces WHERE ${searchable} AND id IN (${part.map(() => '?').join(',')})`)
        .all(modelId, ...part) as { id: number; embedding: Buffer }[];
      for (const row of found) rows.push({ faceId: row.id, vector: embeddingOf(row.embedding) });
    }
    return rows;
  }
}
