/**
 * Faces shared through a sync: a library with the same face model takes them as they are (no
 * detection; thumbnails cropped while indexing; searchable), one with another model version (or
 * given invalid faces) finds them itself.
 */
import fs, { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { defaultModelsDir, facePackDir } from '../../src/main/pipeline/face-pack';
import { embeddingOf } from '../../src/main/catalog/faces-repo';
import { makeTempDir } from '../library/helpers/temp';

const lfw10 = path.resolve(__dirname, '../../../shared/datasets/lfw10');
const hasLfw10 = existsSync(lfw10);
if (!hasLfw10) console.warn(`SKIPPING shared-faces sync tests: ${lfw10} is absent`);

const pack = facePackDir(defaultModelsDir());
const photos = ['Tony_Blair/Tony_Blair_0001.jpg', 'Tony_Blair/Tony_Blair_0002.jpg', 'Colin_Powell/Colin_Powell_0001.jpg'];
const selfie = 'Tony_Blair/Tony_Blair_0005.jpg';

interface FaceRow {
  id: number;
  sha256: string;
  embedding: Buffer;
  thumb_path: string | null;
  landmarks: string;
}

/** Faces of the library by content, read from its catalog file. */
function facesOf(libraryDir: string): Map<string, FaceRow[]> {
  const db = new Database(path.join(libraryDir, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, sha256, embedding, thumb_path, landmarks FROM faces ORDER BY id').all() as FaceRow[];
    const bySha = new Map<string, FaceRow[]>();
    for (const row of rows) bySha.set(row.sha256, [...(bySha.get(row.sha256) ?? []), row]);
    return bySha;
  } finally {
    db.close();
  }
}

async function library(dir: string, name: string): Promise<{ engine: FacetEngine; eventId: number; libraryDir: string }> {
  const libraryDir = path.join(dir, name);
  const engine = await openEngine({ libraryDir, threads: 1, facePackDir: pack });
  const eventId = (await engine.api.createEvent({ name: 'Summit' })).id;
  return { engine, eventId, libraryDir };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

describe.skipIf(!hasLfw10)('faces shared through a sync', () => {
  const temp = makeTempDir('sync-faces');
  const shared = path.join(temp.dir, 'shared');
  const libraries: FacetEngine[] = [];
  let aDir: string;
  let aFaces: Map<string, FaceRow[]>;

  beforeAll(async () => {
    const photosDir = path.join(temp.dir, 'a-photos');
    for (const rel of photos) fs.cpSync(path.join(lfw10, rel), path.join(photosDir, path.basename(rel)));
    fs.mkdirSync(shared);
    const a = await library(temp.dir, 'a');
    libraries.push(a.engine);
    aDir = a.libraryDir;
    const source = await a.engine.api.addFolderSource({ path: photosDir });
    await a.engine.indexAll();
    await a.engine.api.addPhotosToEvent({ eventId: a.eventId, selection: { kind: 'folder', sourceId: source.id, folder: '' } });
    await a.engine.api.linkEventToSharedLocation({ eventId: a.eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: true });
    expect((await a.engine.api.syncEvent({ eventId: a.eventId })).pushed).toBe(photos.length + 1);
    aFaces = facesOf(aDir);
    expect(aFaces.size).toBe(photos.length);
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
    expect(result).toMatchObject({ pulled: photos.length, facesReused: photos.length, facesRecomputed: 0, refusals: [] });
    await b.engine.indexAll();

    const bFaces = facesOf(b.libraryDir);
    expect([...bFaces.keys()].sort()).toEqual([...aFaces.keys()].sort());
    for (const [sha256, faces] of aFaces) {
      const taken = bFaces.get(sha256)!;
      expect(taken.map((f) => f.embedding.toString('hex'))).toEqual(faces.map((f) => f.embedding.toString('hex')));
      expect(taken.map((f) => f.landmarks)).toEqual(faces.map((f) => f.landmarks));
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
    for (const photo of photosPage.items) expect((await b.engine.api.getPhoto({ photoId: photo.id })).faceState).toBe('done');

    // The vector index learnt about them: his held-out photo finds his two photos.
    const search = await b.engine.api.searchBySelfie({
      images: [{ fileName: 'selfie.jpg', base64: fs.readFileSync(path.join(lfw10, selfie)).toString('base64') }],
      scope: { kind: 'library' },
      limit: 10,
    });
    const tony = new Set(photosPage.items.filter((p) => p.fileName.startsWith('Tony_Blair')).map((p) => p.id));
    expect(tony.size).toBe(2);
    expect(search.matches.slice(0, 2).map((m) => m.photo.id).sort()).toEqual([...tony].sort());
  }, 120_000);

  it('another model version or invalid faces: found here instead, and counted', async () => {
    const tampered = path.join(temp.dir, 'tampered');
    fs.cpSync(shared, tampered, { recursive: true });
    const logDir = path.join(tampered, 'logs', fs.readdirSync(path.join(tampered, 'logs'))[0]!);
    const segmentFile = path.join(logDir, fs.readdirSync(logDir)[0]!);
    const segment = JSON.parse(fs.readFileSync(segmentFile, 'utf8')) as {
      entries: { op: string; faces?: { model: { version: string }; faces: { box: number[] }[] } }[];
    };
    const adds = segment.entries.filter((e) => e.op === 'add' && e.faces);
    expect(adds).toHaveLength(photos.length);
    adds[0]!.faces!.model.version = 'an-older-version';
    adds[1]!.faces!.model.version = 'an-older-version';
    adds[2]!.faces!.faces[0]!.box = [200, 200, 120, 120]; // beyond the 250x250 photo
    fs.writeFileSync(segmentFile, JSON.stringify(segment));

    const c = await library(temp.dir, 'c');
    libraries.push(c.engine);
    await c.engine.api.linkEventToSharedLocation({ eventId: c.eventId, location: { kind: 'folder', path: tampered }, shareOriginals: true, shareFaces: false });
    const result = await c.engine.api.syncEvent({ eventId: c.eventId });
    expect(result).toMatchObject({ pulled: photos.length, facesReused: 0, facesRecomputed: photos.length });
    expect(result.refusals.map((r) => r.reason)).toEqual(['invalid-faces']);
    expect(result.refusals[0]!.detail).toContain('not inside the 250x250 photo');
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
  }, 120_000);
});
