/**
 * A model pack change re-embeds a video's faces like a photo's: each is aligned again in the
 * frame it was found in, keeps its row (and time), and the library's update completes.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { bundledPack, norm, readFaces, v1Pack } from '../faces/helpers';
import { makeTempDir } from '../library/helpers/temp';
import { faceClip, writeClip } from './clips';

const temp = makeTempDir('video-reembed');
afterAll(() => temp.cleanup());

describe('a video indexed with pack v1, opened with v2', () => {
  it('has its faces embedded again by v2, each still at its frame', async () => {
    const libraryDir = path.join(temp.dir, 'library');
    writeClip(path.join(temp.dir, 'videos'), 'group.mp4', faceClip);
    let engine = await openEngine({ libraryDir, watch: false, threads: 1, facePackDir: v1Pack });
    await engine.api.addFolderSource({ path: path.join(temp.dir, 'videos') });
    await engine.indexAll();
    const [video] = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items;
    const before = await engine.api.listPhotoFaces({ photoId: video!.id });
    expect(before.length).toBeGreaterThan(1);
    expect(new Set(readFaces(libraryDir).map((face) => face.modelName)).size).toBe(1);
    const v1Model = readFaces(libraryDir)[0]!.modelName;
    await engine.close();

    engine = await openEngine({ libraryDir, watch: false, threads: 1, facePackDir: bundledPack });
    try {
      await engine.indexAll();
      const faces = readFaces(libraryDir);
      expect(faces.map((face) => face.id)).toEqual(before.map((face) => face.id));
      for (const face of faces) {
        expect(face.modelName).not.toBe(v1Model);
        expect(face.stale).toBe(0);
        expect(norm(face.embedding)).toBeCloseTo(1, 3);
      }
      const after = await engine.api.listPhotoFaces({ photoId: video!.id });
      expect(after.map((face) => face.frameSeconds)).toEqual(before.map((face) => face.frameSeconds));
      expect((await engine.api.getStatus({})).faceModelUpdate).toBeNull();
    } finally {
      await engine.close();
    }
  }, 240_000);
});
