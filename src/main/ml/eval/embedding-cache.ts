/**
 * Embeddings of evaluation images, cached on disk so that re-running an evaluation (other
 * thresholds, other methods) does not re-run the networks. One JSON file per model version; an
 * entry is keyed by the image's sha256 and how it was embedded, so an edited image or a new model
 * never reads a stale embedding.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CachedFace {
  embedding: Float32Array;
  quality: number;
}

interface StoredFace {
  embedding: string;
  quality: number;
}

export class EmbeddingCache {
  private readonly file: string;
  private readonly entries: Record<string, StoredFace | null>;
  private dirty = false;

  constructor(dir: string, modelVersion: string) {
    this.file = path.join(dir, `${modelVersion}.json`);
    this.entries = readEntries(this.file);
  }

  static key(imageBytes: Buffer, mode: string): string {
    return `${createHash('sha256').update(imageBytes).digest('hex')}:${mode}`;
  }

  /** undefined: not cached; null: cached as "no face found". */
  get(key: string): CachedFace | null | undefined {
    if (!(key in this.entries)) return undefined;
    const stored = this.entries[key];
    if (!stored) return null;
    const bytes = Buffer.from(stored.embedding, 'base64');
    return { embedding: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), quality: stored.quality };
  }

  set(key: string, face: CachedFace | null): void {
    this.entries[key] = face && {
      embedding: Buffer.from(face.embedding.buffer, face.embedding.byteOffset, face.embedding.byteLength).toString('base64'),
      quality: face.quality,
    };
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.entries));
    renameSync(temp, this.file);
    this.dirty = false;
  }
}

function readEntries(file: string): Record<string, StoredFace | null> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredFace | null>;
  } catch {
    // Missing or damaged: the cache only saves time, so start empty.
    return {};
  }
}
