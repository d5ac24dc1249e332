/**
 * Opening a library whose face index is missing, stale (faces stored after its last checkpoint,
 * then a crash) or of another model: the engine does not wait. Searches answer at once by an exact
 * scan of the catalog, `catchingUp` says so, and the index is made ready in the background: built
 * in a worker thread, or loaded and given only the faces it lacks.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/catalog/catalog';
import { libraryLayout } from '../../src/main/catalog/layout';
import { seedSyntheticPhotos } from '../../src/main/catalog/seed';
import { FaceVectors } from '../../src/main/search/face-vectors';
import { ExactFaceScan } from '../../src/main/vectors/exact-scan';
import { exactSearch } from '../../src/main/vectors/exact-search';
import { noSavedIndex } from '../../src/main/vectors/sidecar';
import { VectorIndex, vectorIndexPaths } from '../../src/main/vectors/vector-index';
import { noisyCopy, random, randomUnit } from '../people/synthetic';

const dim = 64;
const identities = 40;
const facesEach = 15;

interface Library {
  dir: string;
  catalog: Catalog;
  modelId: number;
  /** Photos without faces yet, for faces stored later. */
  spareShas: string[];
  rand: () => number;
  centres: Float32Array[];
}

const opened: { catalog: Catalog; vectors: FaceVectors[] }[] = [];

afterEach(async () => {
  for (const { catalog, vectors } of opened.splice(0)) {
    for (const v of vectors) v.close();
    catalog.close();
  }
});

async function openLibrary(spares = 200): Promise<Library> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'facet-catch-up-'));
  const total = identities * facesEach;
  const { sourceId } = await seedSyntheticPhotos(dir, total + spares);
  const shaOf = (i: number) => createHash('sha256').update(`synthetic-${sourceId}-${i}`).digest('hex');
  const catalog = Catalog.open(libraryLayout(dir).catalogFile);
  const modelId = catalog.faces.modelId({ name: 'synthetic', version: '1', dim });
  const rand = random(11);
  const centres = Array.from({ length: identities }, () => randomUnit(rand, dim));
  const library: Library = { dir, catalog, modelId, spareShas: Array.from({ length: spares }, (_, i) => shaOf(total + i)), rand, centres };
  catalog.transaction(() => {
    for (let i = 0; i < total; i++) insertFace(library, shaOf(i), i % identities, modelId);
  });
  opened.push({ catalog, vectors: [] });
  return library;
}

function insertFace(library: Library, sha: string, identity: number, modelId: number): number {
  const embedding = noisyCopy(library.centres[identity]!, 0.25, library.rand);
  const face = { box: { x: 10, y: 10, width: 80, height: 80 }, keypoints: [], score: 0.9, quality: 0.9, embedding };
  return library.catalog.faces.insert(sha, [face], modelId, [])[0]!;
}

function faceVectors(library: Library, modelId = () => library.modelId): FaceVectors {
  const vectors = new FaceVectors({ catalog: library.catalog, dir: libraryLayout(library.dir).vectorsDir, modelId });
  opened.at(-1)!.vectors.push(vectors);
  return vectors;
}

/** The true nearest faces, straight from every searchable embedding in the catalog. */
function groundTruth(library: Library, query: Float32Array, k: number, modelId = library.modelId) {
  const faces = library.catalog.db.prepare('SELECT id, embedding FROM faces WHERE model_id = ? AND embedding IS NOT NULL ORDER BY id').all(modelId) as {
    id: number;
    embedding: Buffer;
  }[];
  const matrix = new Float32Array(faces.length * dim);
  faces.forEach((face, row) => matrix.set(new Float32Array(face.embedding.buffer, face.embedding.byteOffset, dim), row * dim));
  return exactSearch(
    matrix,
    dim,
    query,
    k,
    faces.map((face) => face.id),
  ).map((hit) => hit.faceId);
}

/** Counts turns of the event loop while `work` runs: the engine's thread stays free for API calls. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  const ticker = setInterval(() => turns++, 1);
  try {
    return { value: await work, turns };
  } finally {
    clearInterval(ticker);
  }
}

describe('the face index catches up without holding up the engine', () => {
  it('missing: search answers exactly at once while the index is built in a worker, then the index takes over', async () => {
    const library = await openLibrary();
    const vectors = faceVectors(library);
    const query = noisyCopy(library.centres[3]!, 0.25, library.rand);

    const searcher = vectors.current()!;
    expect(searcher).toBeInstanceOf(ExactFaceScan);
    expect(vectors.catchingUp).not.toBeNull();
    expect(searcher.count).toBe(identities * facesEach);
    expect(searcher.search(query, 10).map((hit) => hit.faceId)).toEqual(groundTruth(library, query, 10));

    const { value: index, turns } = await turnsDuring(vectors.ready());
    expect(turns).toBeGreaterThan(0);
    expect(index).toBeInstanceOf(VectorIndex);
    expect(vectors.catchingUp).toBeNull();
    expect(vectors.rebuiltBecause).toBe(noSavedIndex);
    expect(vectors.current()).toBe(index);
    expect(index!.count).toBe(identities * facesEach);
    expect(index!.search(query, 10).map((hit) => hit.faceId)).toEqual(groundTruth(library, query, 10));
    // Built and saved by the worker: the next open loads it as saved.
    expect(existsSync(vectorIndexPaths(libraryLayout(library.dir).vectorsDir, 'synthetic-v1').sidecarFile)).toBe(true);
  });

  it('stale after a crash: the saved index is loaded and given only the faces stored after its checkpoint; removed ones leave it', async () => {
    const library = await openLibrary();
    const first = faceVectors(library);
    await first.ready();
    first.save();

    // After the checkpoint: new faces stored and some removed, then the process dies (no save).
    const added = library.spareShas.splice(0, 60).map((sha) => insertFace(library, sha, 7, library.modelId));
    const removed = [5, 6, 7];
    library.catalog.db.prepare(`DELETE FROM faces WHERE id IN (${removed.join(',')})`).run();

    const vectors = faceVectors(library);
    const query = noisyCopy(library.centres[7]!, 0.1, library.rand);
    const searcher = vectors.current()!;
    expect(searcher).toBeInstanceOf(ExactFaceScan);
    expect(vectors.catchingUp).not.toBeNull();
    const exact = searcher.search(query, 20).map((hit) => hit.faceId);
    expect(exact).toEqual(groundTruth(library, query, 20));
    expect(exact.some((id) => added.includes(id))).toBe(true);

    const index = (await vectors.ready())!;
    expect(vectors.rebuiltBecause).toBeNull(); // caught up, not rebuilt
    expect(vectors.catchingUp).toBeNull();
    expect(index.count).toBe(identities * facesEach + added.length - removed.length);
    for (const id of added) expect(index.has(id)).toBe(true);
    for (const id of removed) expect(index.has(id)).toBe(false);
    expect(index.search(query, 20).map((hit) => hit.faceId)).toEqual(groundTruth(library, query, 20));
  });

  it("another model's index: the new model's is built in the background, searches scan the new model's faces meanwhile", async () => {
    const library = await openLibrary();
    const older = faceVectors(library);
    await older.ready();
    older.close();

    const newer = library.catalog.faces.modelId({ name: 'synthetic', version: '2', dim });
    library.catalog.transaction(() => {
      for (const sha of library.spareShas.splice(0, 100)) insertFace(library, sha, 2, newer);
    });
    const vectors = faceVectors(library, () => newer);
    const query = noisyCopy(library.centres[2]!, 0.1, library.rand);
    const searcher = vectors.current()!;
    expect(searcher).toBeInstanceOf(ExactFaceScan);
    expect(searcher.count).toBe(100);
    expect(searcher.search(query, 5).map((hit) => hit.faceId)).toEqual(groundTruth(library, query, 5, newer));

    const index = (await vectors.ready())!;
    expect(index.modelVersion).toBe('synthetic-v2');
    expect(index.count).toBe(100);
    expect(index.search(query, 5).map((hit) => hit.faceId)).toEqual(groundTruth(library, query, 5, newer));
  });

  it('faces stored and hidden while the index catches up are in, and out of, the index it becomes', async () => {
    const library = await openLibrary();
    const vectors = faceVectors(library);
    vectors.current();
    const stored = library.spareShas.splice(0, 5).map((sha) => insertFace(library, sha, 1, library.modelId));
    vectors.facesStored(stored);
    vectors.facesUnsearchable([1, 2]);
    const index = (await vectors.ready())!;
    for (const id of stored) expect(index.has(id)).toBe(true);
    expect(index.has(1)).toBe(false);
    expect(index.has(2)).toBe(false);
  });
});
