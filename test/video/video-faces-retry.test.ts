/**
 * A video indexed while the face models could not load keeps its poster and says why it has no
 * faces; once a working pack is back, the face pass finds its people in its frames (with times).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { faceSampleTimes } from '../../src/main/video/frames';
import { bundledPack, copyPack } from '../faces/helpers';
import { makeTempDir } from '../library/helpers/temp';
import { faceClip, writeClip } from './clips';

const temp = makeTempDir('video-faces-retry');
const libraryDir = path.join(temp.dir, 'library');
let brokenPack: string;

beforeAll(async () => {
  brokenPack = await copyPack(path.join(temp.dir, 'pack'), { damage: 'recognizer-arcface.onnx' });
  writeClip(path.join(temp.dir, 'videos'), 'group.mp4', faceClip);
});
afterAll(() => temp.cleanup());

describe('faces of a video after the face models failed', () => {
  it("indexes the video with its poster and the models' problem as its face state", async () => {
    const engine = await openEngine({ libraryDir, watch: false, threads: 1, facePackDir: brokenPack });
    try {
      await engine.api.addFolderSource({ path: path.join(temp.dir, 'videos') });
      await engine.indexAll();
      const [video] = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items;
      expect(video).toMatchObject({ mediaType: 'video', hasThumb: true });
      const detail = await engine.api.getPhoto({ photoId: video!.id });
      expect(detail.faceState).toBe('error');
      expect(detail.faceStateReason).toContain('recognizer-arcface.onnx');
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('finds its people in its frames once a working pack is back', async () => {
    const engine = await openEngine({ libraryDir, watch: false, threads: 1, facePackDir: bundledPack });
    try {
      await engine.indexAll();
      const [video] = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items;
      expect((await engine.api.getPhoto({ photoId: video!.id })).faceState).toBe('done');
      const faces = await engine.api.listPhotoFaces({ photoId: video!.id });
      expect(faces.length).toBeGreaterThan(1);
      for (const face of faces) expect(faceSampleTimes(faceClip.durationSeconds)).toContain(face.frameSeconds);
    } finally {
      await engine.close();
    }
  }, 180_000);
});
