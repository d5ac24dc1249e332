/**
 * A real catalog filled with synthetic faces (bench/vectors-synthetic.ts, the shape calibrated on the
 * bundled pack's embeddings, at its size), two per photo, embedded "by" the bundled pack's model,
 * cached under .cache/bench/<name>-<faces>-<pack>-<shape>:
 * the library the search and people benchmarks run on. The HNSW index is built by whoever opens
 * it first (minutes at 100k faces on a small machine) and cached with it.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Catalog } from '../src/main/catalog/catalog';
import { embeddingBlob } from '../src/main/catalog/faces-repo';
import { libraryLayout } from '../src/main/catalog/layout';
import { seedSyntheticPhotos } from '../src/main/catalog/seed';
import { BUNDLED_PACK_DIR } from '../src/main/ml/faces';
import { readFaceModelRef } from '../src/main/pipeline/face-pack';
import { createFaceGenerator, faceShapeName, identityCountFor, realFaceShape, type FaceGenerator } from './vectors-synthetic';

const facesPerPhoto = 2;
const seed = 7;

/** The generator the library's faces came from; faces past the library's count are new faces of its people. */
export function syntheticLibraryFaces(dim: number, faces: number): FaceGenerator {
  return createFaceGenerator({ dim, identityCount: identityCountFor(faces), seed, shape: realFaceShape });
}

export async function syntheticFaceLibrary(cacheDir: string | undefined, name: string, faces: number): Promise<{ libraryDir: string; seeded: boolean }> {
  const libraryDir = path.join(cacheDir ?? path.resolve('.cache/bench'), `${name}-${faces}-${realFaceShape.pack}-${faceShapeName(realFaceShape)}`);
  const marker = path.join(libraryDir, 'seeded');
  if (existsSync(marker)) return { libraryDir, seeded: false };
  process.stderr.write(`Seeding ${faces} synthetic faces into ${libraryDir}\n`);
  rmSync(libraryDir, { recursive: true, force: true });
  await seedSyntheticPhotos(libraryDir, Math.ceil(faces / facesPerPhoto));
  const catalog = Catalog.open(libraryLayout(libraryDir).catalogFile);
  try {
    const model = await readFaceModelRef(BUNDLED_PACK_DIR);
    const modelId = catalog.faces.modelId(model);
    const generator = syntheticLibraryFaces(model.dim, faces);
    const shas = (catalog.db.prepare('SELECT sha256 FROM files ORDER BY id').raw().all() as [string][]).map((r) => r[0]);
    const insert = catalog.db.prepare(`
      INSERT INTO faces (sha256, box_x, box_y, box_w, box_h, det_score, quality, embedding, model_id, created_at)
      VALUES (?, 100, 100, 200, 200, 0.9, 0.8, ?, ?, ?)`);
    const vector = new Float32Array(model.dim);
    const at = new Date().toISOString();
    catalog.transaction(() => {
      for (let i = 0; i < faces; i++) {
        generator.face(i, vector);
        insert.run(shas[Math.floor(i / facesPerPhoto)]!, embeddingBlob(vector), modelId, at);
      }
      catalog.db.prepare(`UPDATE files SET face_state = 'done'`).run();
    });
  } finally {
    catalog.close();
  }
  writeFileSync(marker, `${faces}\n`);
  return { libraryDir, seeded: true };
}
