import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { Catalog } from '../../src/main/catalog';
import { readFaceModelRef } from '../../src/main/pipeline/face-pack';
import type { FaceModelRef } from '../../src/main/domain/indexed-file';
import { bundledPack, copyPack, dot, readFaces, tempDir, writeGroupPhoto, type StoredFace } from './helpers';

describe('a new version of the face model pack', () => {
  let root: string;
  let libraryDir: string;
  let before: StoredFace[];
  /** The bundled pack, and the same models under a later version. */
  let model: FaceModelRef;
  let next: FaceModelRef;

  beforeAll(async () => {
    model = await readFaceModelRef(bundledPack);
    next = { ...model, version: `${model.version}-next` };
    root = await tempDir('upgrade');
    libraryDir = path.join(root, 'library');
    await writeGroupPhoto(path.join(root, 'photos', 'group.jpg'));
    const firstPack = await copyPack(path.join(root, 'pack-1.0.0'));
    const engine = await openEngine({ libraryDir, threads: 2, facePackDir: firstPack });
    try {
      await engine.api.addFolderSource({ path: path.join(root, 'photos') });
      await engine.indexAll();
    } finally {
      await engine.close();
    }
    before = readFaces(libraryDir);
  });
  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('marks the old embeddings stale on open, then re-embeds them in the background', async () => {
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.every((face) => face.modelVersion === model.version && face.stale === 0)).toBe(true);

    const nextPack = await copyPack(path.join(root, 'pack-next'), { version: next.version });
    const engine = await openEngine({ libraryDir, threads: 2, facePackDir: nextPack });
    const catalog = Catalog.open(path.join(libraryDir, 'catalog.sqlite'));
    try {
      const oldModel = catalog.faces.modelId(model);
      const newModel = catalog.faces.modelId(next);
      expect(readFaces(libraryDir).map((face) => [face.id, face.stale, face.modelVersion])).toEqual(before.map((face) => [face.id, 1, model.version]));
      // Vectors of two models are never served together: the stale ones are out of every search.
      expect(catalog.faces.embeddings(oldModel)).toEqual([]);
      expect(catalog.faces.embeddings(newModel)).toEqual([]);

      await engine.indexAll();

      const after = readFaces(libraryDir);
      expect(after.map((face) => [face.id, face.stale, face.modelVersion])).toEqual(before.map((face) => [face.id, 0, next.version]));
      after.forEach((face, i) => expect(dot(face.embedding, before[i]!.embedding)).toBeGreaterThan(0.99));
      expect(catalog.faces.embeddings(newModel).map((face) => face.id)).toEqual(before.map((face) => face.id));
      expect(catalog.faces.staleCount()).toBe(0);
    } finally {
      catalog.close();
      await engine.close();
    }
  });
});
