/** Fixtures of the face indexing tests: real photos with faces, a landscape, a video, model packs. */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { renderScene, testClip } from '../fixtures';
import { facePackDir, defaultModelsDir } from '../../src/main/pipeline/face-pack';
import { datasetsDir } from '../helpers/datasets';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export { datasetsDir };
export const lfw10 = path.join(datasetsDir, 'lfw10');
export const hasLfw10 = existsSync(lfw10);
if (!hasLfw10) console.warn(`SKIPPING face tests on real people: ${lfw10} is absent`);

export const bundledPack = facePackDir(defaultModelsDir());
/** The first pack (1024-d faceres), kept in the repository for libraries indexed with it. */
export const v1Pack = facePackDir(defaultModelsDir(), 'facet-blazeface-faceres-v1');

/** Group photos shipped with @vladmandic/face-api (a dev dependency): sample1.jpg to sample6.jpg, 1920 px wide. */
export function groupPhoto(sample = 1): string {
  return path.join(repoRoot, `node_modules/@vladmandic/face-api/demo/sample${sample}.jpg`);
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `facet-faces-${prefix}-`));
}

/** A group photo shrunk so tests stay quick. */
export async function writeGroupPhoto(file: string, sample = 1): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp(groupPhoto(sample)).resize({ width: 960 }).jpeg({ quality: 90 }).toFile(file);
}

/** Sky and shapes: nothing a detector could take for a face. */
export async function writeLandscape(file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await (await renderScene(7, { width: 640, height: 480 })).jpeg({ quality: 85 }).toFile(file);
}

/** A moving test pattern: a real video with nobody in it. */
export async function writeVideo(file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, testClip({ durationSeconds: 3, createdAt: new Date('2024-05-01T12:00:00Z'), width: 640, height: 360 }));
}

/** A copy of the bundled pack, optionally with a different version or a damaged model file. */
export async function copyPack(dir: string, change: { version?: string; damage?: string } = {}): Promise<string> {
  await fs.cp(bundledPack, dir, { recursive: true });
  if (change.version !== undefined) {
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as { version: string };
    manifest.version = change.version;
    await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  }
  if (change.damage !== undefined) {
    // Same size, different bytes: only the sha256 check can tell.
    const file = path.join(dir, change.damage);
    const bytes = await fs.readFile(file);
    for (let i = 1000; i < 2000; i++) bytes[i] = bytes[i]! ^ 0xff;
    await fs.writeFile(file, bytes);
  }
  return dir;
}

export interface StoredFace {
  id: number;
  sha256: string;
  embedding: Float32Array;
  modelName: string;
  modelVersion: string;
  stale: number;
  thumbPath: string | null;
  personId: number | null;
  assignedBy: 'auto' | 'user' | null;
}

/** The faces table as stored, read through a connection of its own. */
export function readFaces(libraryDir: string): StoredFace[] {
  const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT f.id, f.sha256, f.embedding, m.name AS modelName, m.version AS modelVersion, f.stale, f.thumb_path AS thumbPath,
           f.person_id AS personId, f.assigned_by AS assignedBy
         FROM faces f JOIN embedding_models m ON m.id = f.model_id ORDER BY f.id`,
      )
      .all() as (Omit<StoredFace, 'embedding'> & { embedding: Buffer })[];
    return rows.map((row) => ({ ...row, embedding: new Float32Array(new Uint8Array(row.embedding).buffer) }));
  } finally {
    db.close();
  }
}

export function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

export function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}
