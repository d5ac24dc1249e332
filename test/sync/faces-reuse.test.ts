/**
 * Faces shared through a sync: a library with the same face model takes them as they are (no
 * detection; thumbnails cropped while indexing; searchable), faces at the edge of the frame with
 * boxes partly outside the photo included; one with another model version (or given invalid
 * faces) finds them itself, also one indexing with the other pack of the repository (v1 beside v2).
 */
import { createPrivateKey, sign } from 'node:crypto';
import fs, { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { defaultModelsDir, facePackDir } from '../../src/main/pipeline/face-pack';
import { embeddingOf } from '../../src/main/catalog/faces-repo';
import { signedContent } from '../../src/main/sync/log-format';
import { signingKeyFileName } from '../../src/main/sync/signing-key';
import { makeTempDir } from '../library/helpers/temp';
import { v1Pack } from '../faces/helpers';
import { datasetsDir } from '../helpers/datasets';

const lfw10 = path.join(datasetsDir, 'lfw10');
const hasLfw10 = existsSync(lfw10);
if (!hasLfw10) console.warn(`SKIPPING shared-faces sync tests: ${lfw10} is absent`);

const pack = facePackDir(defaultModelsDir());
const photos = ['Tony_Blair/Tony_Blair_0001.jpg', 'Tony_Blair/Tony_Blair_0002.jpg', 'Colin_Powell/Colin_Powell_0001.jpg'];
const selfie = 'Tony_Blair/Tony_Blair_0005.jpg';
/** His face cut by the left edge of the frame: the detector's box starts at a negative x. */
const edgePhoto = { from: 'Tony_Blair/Tony_Blair_0001.jpg', fileName: 'Tony_Blair_at_the_edge.jpg', cropLeft: 90 };
const photoCount = photos.length + 1;

interface FaceRow {
  id: number;
  sha256: string;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  embedding: Buffer;
  thumb_path: string | null;
  landmarks: string;
}

/** Faces of the library by content, read from its catalog file. */
function facesOf(libraryDir: string): Map<string, FaceRow[]> {
  const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, sha256, box_x, box_y, box_w, box_h, embedding, thumb_path, landmarks FROM faces ORDER BY id').all() as FaceRow[];
    const bySha = new Map<string, FaceRow[]>();
    for (const row of rows) bySha.set(row.sha256, [...(bySha.get(row.sha256) ?? []), row]);
    return bySha;
  } finally {
    db.close();
  }
}

async function library(dir: string, name: string, facePackDir = pack): Promise<{ engine: FacetEngine; eventId: number; libraryDir: string }> {
  const libraryDir = path.join(dir, name);
  const engine = await openEngine({ libraryDir, threads: 1, facePackDir });
  const eventId = (await engine.api.createEvent({ name: 'Summit' })).id;
  return { engine, eventId, libraryDir };
}

interface TamperedSegment {
  entries: { op: string; fileName?: string; faces?: { model: { version: string }; faces: { box: number[] }[] } }[];
}

/**
 * A copy of the shared location whose one log segment `tamper` rewrites (as JSON text), signed
 * again with its writer's key: a contributor may write whatever it likes in its own name.
 */
function tamperedCopy(shared: string, copy: string, writerLibraryDir: string, tamper: (json: string) => string): string {
  fs.cpSync(shared, copy, { recursive: true });
  const logDir = path.join(copy, 'logs', fs.readdirSync(path.join(copy, 'logs'))[0]!);
  const segmentFile = path.join(logDir, fs.readdirSync(logDir)[0]!);
  const json = tamper(fs.readFileSync(segmentFile, 'utf8'));
  const { signature: _signature, ...unsigned } = JSON.parse(json) as { signature: string };
  const key = createPrivateKey(fs.readFileSync(path.join(writerLibraryDir, signingKeyFileName)));
  const signature = sign(null, signedContent(unsigned), key).toString('base64');
  fs.writeFileSync(segmentFile, json.replace(/"signature":"[^"]*"/, `"signature":"${signature}"`));
  return copy;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

describe.skipIf(!hasLfw10)('faces shared through a sync', { tags: ['datasets'] }, () => {
  const temp = makeTempDir('sync-faces');
  const shared = path.join(temp.dir, 'shared');
  const libraries: FacetEngine[] = [];
  let aDir: string;
  let aFaces: Map<string, FaceRow[]>;
  let edgeFace: FaceRow;

  beforeAll(async () => {
    const photosDir = path.join(temp.dir, 'a-photos');
    for (const rel of photos) fs.cpSync(path.join(lfw10, rel), path.join(photosDir, path.basename(rel)));
    const { cropLeft } = edgePhoto;
    await sharp(path.join(lfw10, edgePhoto.from))
      .extract({ left: cropLeft, top: 0, width: 250 - cropLeft, height: 250 })
      .jpeg({ quality: 90 })
      .toFile(path.join(photosDir, edgePhoto.fileName));
    fs.mkdirSync(shared);
    const a = await library(temp.dir, 'a');
    libraries.push(a.engine);
    aDir = a.libraryDir;
    const source = await a.engine.api.addFolderSource({ path: photosDir });
    await a.engine.indexAll();
    await a.engine.api.addPhotosToEvent({ eventId: a.eventId, selection: { kind: 'folder', sourceId: source.id, folder: '' } });
    await a.engine.api.linkEventToSharedLocation({ eventId: a.eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: true });
    const pushed = await a.engine.api.syncEvent({ eventId: a.eventId });
    expect(pushed).toMatchObject({ pushed: photoCount + 1, skipped: [] });
    aFaces = facesOf(aDir);
    expect(aFaces.size).toBe(photoCount);
    // What the test is about: the detector's box of the cut face reaches past the photo's left edge.
    const edgeFaces = [...aFaces.values()].flat().filter((face) => face.box_x < 0);
    expect(edgeFaces).toHaveLength(1);
    edgeFace = edgeFaces[0]!;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(libraries.map((engine) => engine.close()));
    temp.cleanup();
  });

  it('a library with the same face model takes the shared faces: no detection, thumbnails made, searchable', async () => {
    const b = await library(temp.dir, 'b');
    libraries.push(b.engine);
    await b.engine.api.linkEventToSharedLocation({ eventId: b.eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: false });
    const result = await b.engine.api.syncEvent({ eventId: b.eventId });
    expect(result).toMatchObject({ pulled: photoCount, facesReused: photoCount, facesRecomputed: 0, refusals: [] });
    await b.engine.indexAll();

    const bFaces = facesOf(b.libraryDir);
    expect([...bFaces.keys()].sort()).toEqual([...aFaces.keys()].sort());
    for (const [sha256, faces] of aFaces) {
      const taken = bFaces.get(sha256)!;
      expect(taken.map((f) => f.embedding.toString('hex'))).toEqual(faces.map((f) => f.embedding.toString('hex')));
      expect(taken.map((f) => f.landmarks)).toEqual(faces.map((f) => f.landmarks));
      expect(taken.map((f) => [f.box_x, f.box_y, f.box_w, f.box_h])).toEqual(faces.map((f) => [f.box_x, f.box_y, f.box_w, f.box_h]));
      for (const face of taken) {
        expect(face.thumb_path).not.toBeNull();
        const meta = await sharp(path.join(b.libraryDir, face.thumb_path!)).metadata();
        expect(meta.format).toBe('webp');
        expect(meta.width).toBeGreaterThan(16);
      }
    }
    // Nothing was detected here: the execution provider is only learnt from a detection.
    expect((await b.engine.api.getStatus({})).executionProvider).toBeNull();
    const photosPage = await b.engine.api.listEventPhotos({ eventId: b.eventId, offset: 0, limit: 10 });
    expect(photosPage.items.map((p) => p.fileName)).toContain(edgePhoto.fileName);
    for (const photo of photosPage.items) expect((await b.engine.api.getPhoto({ photoId: photo.id })).faceState).toBe('done');

    // The vector index learnt about them: his held-out photo finds his two photos.
    const search = await b.engine.api.searchBySelfie({
      images: [{ fileName: 'selfie.jpg', base64: fs.readFileSync(path.join(lfw10, selfie)).toString('base64') }],
      scope: { kind: 'library' },
      limit: 10,
    });
    const tony = new Set(photosPage.items.filter((p) => p.fileName.startsWith('Tony_Blair')).map((p) => p.id));
    expect(tony.size).toBe(3);
    expect(
      search.matches
        .slice(0, 3)
        .map((m) => m.photo.id)
        .sort(),
    ).toEqual([...tony].sort());
  }, 120_000);

  it('another model version or invalid faces: found here instead, and counted', async () => {
    const tampered = tamperedCopy(shared, path.join(temp.dir, 'tampered'), aDir, (json) => {
      const segment = JSON.parse(json) as TamperedSegment;
      const add = (fileName: string) => segment.entries.find((e) => e.op === 'add' && e.fileName === fileName)!.faces!;
      add('Tony_Blair_0001.jpg').model.version = 'an-older-version';
      add('Tony_Blair_0002.jpg').model.version = 'an-older-version';
      add('Colin_Powell_0001.jpg').faces[0]!.box = [260, 40, 120, 120]; // right of the 250x250 photo
      add(edgePhoto.fileName).faces[0]!.box = [-10, 20, 5000, 5000];
      return JSON.stringify(segment);
    });

    const c = await library(temp.dir, 'c');
    libraries.push(c.engine);
    await c.engine.api.linkEventToSharedLocation({ eventId: c.eventId, location: { kind: 'folder', path: tampered }, shareOriginals: true, shareFaces: false });
    const result = await c.engine.api.syncEvent({ eventId: c.eventId });
    expect(result).toMatchObject({ pulled: photoCount, facesReused: 0, facesRecomputed: photoCount });
    expect(result.refusals.map((r) => r.reason)).toEqual(['invalid-faces', 'invalid-faces']);
    const edgeWidth = 250 - edgePhoto.cropLeft;
    expect(result.refusals.map((r) => r.detail).sort()).toEqual([
      'faces found here instead: face 0: box -10,20,5000,5000 is more than twice the size of the ' + `${edgeWidth}x250 photo`,
      'faces found here instead: face 0: box 260,40,120,120 lies outside the 250x250 photo',
    ]);
    await c.engine.indexAll();

    expect((await c.engine.api.getStatus({})).executionProvider).not.toBeNull();
    const cFaces = facesOf(c.libraryDir);
    for (const [sha256, faces] of aFaces) {
      const found = cFaces.get(sha256)!;
      expect(found).toHaveLength(faces.length);
      // Same model, same pixels: the same faces, but computed here.
      for (const [i, face] of faces.entries()) expect(cosine(embeddingOf(found[i]!.embedding), embeddingOf(face.embedding))).toBeGreaterThan(0.99);
      for (const face of found) expect(face.thumb_path).not.toBeNull();
    }
    // Found here, the cut face has the same box past the left edge as where it was shared from.
    expect(cFaces.get(edgeFace.sha256)![0]!.box_x).toBeCloseTo(edgeFace.box_x, 3);
  }, 120_000);

  it('a library on pack v1 finds the faces shared by pack v2 itself, with its own 1024-d model', async () => {
    const e = await library(temp.dir, 'e', v1Pack);
    libraries.push(e.engine);
    await e.engine.api.linkEventToSharedLocation({ eventId: e.eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: false });
    const result = await e.engine.api.syncEvent({ eventId: e.eventId });
    // Another model is no fault of the contributor's: recomputed, not refused.
    expect(result).toMatchObject({ pulled: photoCount, facesReused: 0, facesRecomputed: photoCount, refusals: [] });
    await e.engine.indexAll();

    const eFaces = facesOf(e.libraryDir);
    expect([...eFaces.keys()].sort()).toEqual([...aFaces.keys()].sort());
    for (const face of [...eFaces.values()].flat()) expect(face.thumb_path).not.toBeNull();
    const db = new Database(path.join(e.libraryDir, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const models = db.prepare('SELECT DISTINCT m.name, m.version, m.dim FROM faces f JOIN embedding_models m ON m.id = f.model_id').all();
      expect(models).toEqual([{ name: 'facet-blazeface-faceres', version: '1.0.0', dim: 1024 }]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('a segment with a non-finite or absurd box is refused whole, naming the box', async () => {
    let tampering = 0;
    const tampered = tamperedCopy(shared, path.join(temp.dir, 'non-finite'), aDir, (json) =>
      // JSON has no Infinity, but 1e999 reads as one; 1e7 pixels is wider than any photo.
      json.replace(/"box":\[[^,\]]+,[^,\]]+,[^,\]]+/g, (box) => {
        tampering += 1;
        if (tampering === 1) return box.replace(/\[[^,]+/, '[1e999');
        if (tampering === 2) return box.replace(/,[^,]+$/, ',1e7');
        return box;
      }),
    );
    expect(tampering).toBeGreaterThanOrEqual(2);

    const d = await library(temp.dir, 'd');
    libraries.push(d.engine);
    await d.engine.api.linkEventToSharedLocation({ eventId: d.eventId, location: { kind: 'folder', path: tampered }, shareOriginals: true, shareFaces: false });
    const result = await d.engine.api.syncEvent({ eventId: d.eventId });
    expect(result).toMatchObject({ pulled: 0, sharedPhotos: 0 });
    expect(result.refusals.map((r) => r.reason)).toEqual(['invalid']);
    expect(result.refusals[0]!.detail).toMatch(/faces\.faces\.0\.box\.0: .*Infinity/);
    expect(result.refusals[0]!.detail).toMatch(/faces\.faces\.0\.box\.2: Too big/);
  }, 60_000);
});
