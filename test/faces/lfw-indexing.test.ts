import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryStatus, PhotoDetail, PhotoFace } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { readFaceModelRef } from '../../src/main/pipeline/face-pack';
import { bundledPack, hasLfw10, lfw10, norm, readFaces, tempDir, type StoredFace } from './helpers';

describe.skipIf(!hasLfw10)('faces of lfw10 indexed through the engine', { tags: ['datasets'] }, () => {
  let libraryDir: string;
  let engine: FacetEngine;
  let status: LibraryStatus;
  const photos: { detail: PhotoDetail; faces: PhotoFace[] }[] = [];
  let stored: StoredFace[];

  beforeAll(async () => {
    libraryDir = await tempDir('lfw');
    engine = await openEngine({ libraryDir, threads: 2 });
    await engine.api.addFolderSource({ path: lfw10 });
    await engine.indexAll();
    status = await engine.api.getStatus({});
    const page = await engine.api.listPhotos({ offset: 0, limit: 200 });
    for (const item of page.items) {
      photos.push({
        detail: await engine.api.getPhoto({ photoId: item.id }),
        faces: await engine.api.listPhotoFaces({ photoId: item.id }),
      });
    }
    stored = readFaces(libraryDir);
  });
  afterAll(async () => {
    await engine?.close();
    if (libraryDir) await fs.rm(libraryDir, { recursive: true, force: true });
  });

  it('finds faces in every one of the 100 photos, on the CPU provider', () => {
    expect(status.photos).toBe(100);
    expect(status.errors).toBe(0);
    expect(status.executionProvider).toBe('cpu');
    expect(status.faces).toBe(stored.length);
    expect(photos).toHaveLength(100);
    for (const { detail, faces } of photos) {
      expect(detail.faceState, detail.path).toBe('done');
      expect(faces.length, detail.path).toBeGreaterThanOrEqual(1);
    }
    console.log(`lfw10: ${stored.length} faces stored for ${photos.length} photos`);
  });

  it('stores each face inside its photo with keypoints, a score and a quality', () => {
    for (const { detail, faces } of photos) {
      for (const face of faces) {
        expect(face.box.x).toBeGreaterThan(-face.box.width / 2);
        expect(face.box.x + face.box.width).toBeLessThan(detail.width! + face.box.width / 2);
        expect(face.box.width).toBeGreaterThan(10);
        expect(face.keypoints).toHaveLength(6);
        expect(face.score).toBeGreaterThan(0.5);
        expect(face.quality).toBeGreaterThan(0);
        expect(face.quality).toBeLessThanOrEqual(1);
        // People are clustered once indexing is done (test/people-service has the details).
        expect(face.personId === null || Number.isInteger(face.personId)).toBe(true);
      }
    }
  });

  it("stores a unit-length embedding of the pack's dimension (512 for v2) per face, tagged with the pack name and version", async () => {
    const model = await readFaceModelRef(bundledPack);
    expect(model.dim).toBe(512);
    for (const face of stored) {
      expect(face.embedding).toHaveLength(model.dim);
      expect(norm(face.embedding)).toBeCloseTo(1, 4);
      expect(face).toMatchObject({ modelName: model.name, modelVersion: model.version, stale: 0 });
    }
  });

  it('serves a face thumbnail that decodes, by face id only', async () => {
    for (const face of stored) {
      const media = engine.resolveMedia('face', face.id);
      expect(media?.contentType).toBe('image/webp');
      expect(media!.path).toBe(path.join(libraryDir, ...face.thumbPath!.split('/')));
      const meta = await sharp(media!.path!).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.width).toBeGreaterThan(32);
      expect(meta.width).toBe(meta.height);
    }
    expect(engine.resolveMedia('face', 10_000_000)).toBeNull();
  });

  it('answers listPhotoFaces for an unknown photo with not_found', async () => {
    await expect(engine.api.listPhotoFaces({ photoId: 10_000_000 })).rejects.toMatchObject({ code: 'not_found' });
  });
});
