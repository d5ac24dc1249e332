/**
 * People through the engine on a real library (lfw10 + tvcast, 18 people): clustering after
 * indexing, every user edit surviving a re-clustering, incremental assignment of new photos,
 * "forget" leaving no trace, and the vector index rebuilt when its file is damaged.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/shared/people-api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { scoreClustering } from '../../src/main/people/eval/metrics';
import { hasPeopleDatasets, labelledPhotos, lfw10, readCatalog, tempDir, tvcast, type LabelledPhoto } from './helpers';

describe.skipIf(!hasPeopleDatasets)('people in a library of lfw10 and tvcast', { tags: ['datasets'] }, () => {
  let libraryDir: string;
  let extraDir: string;
  let engine: FacetEngine;
  let photos: LabelledPhoto[];

  /** The person most of an identity's labelled faces went to. */
  const personOf = async (identity: string): Promise<number> => {
    const counts = new Map<number, number>();
    for (const photo of photos.filter((p) => p.identity === identity)) {
      const face = (await engine.api.listPhotoFaces({ photoId: photo.photoId })).find((f) => f.id === photo.face.id)!;
      if (face.personId !== null) counts.set(face.personId, (counts.get(face.personId) ?? 0) + 1);
    }
    const best = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (!best) throw new Error(`no person holds ${identity}`);
    return best[0];
  };
  const faceIdsOf = async (personId: number) =>
    (await engine.api.listPersonFaces({ personId, offset: 0, limit: 2000 })).items.map((f) => f.id).sort((a, b) => a - b);
  const personOfFace = (faceId: number) =>
    readCatalog(libraryDir, (db) => (db.prepare('SELECT person_id AS p FROM faces WHERE id = ?').get(faceId) as { p: number | null }).p);

  beforeAll(async () => {
    libraryDir = await tempDir('people');
    extraDir = await tempDir('people-new');
    engine = await openEngine({ libraryDir, threads: 2 });
    await engine.api.addFolderSource({ path: lfw10 });
    await engine.api.addFolderSource({ path: tvcast });
    await engine.indexAll();
    photos = await labelledPhotos(engine);
  });
  afterAll(async () => {
    await engine?.close();
    for (const dir of [libraryDir, extraDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds about one person per identity once indexing is done', async () => {
    const people = await engine.api.listPeople({ includeHidden: false });
    const scores = scoreClustering(photos.map((p) => ({ identity: p.identity, cluster: p.face.personId })));
    const unsorted = await engine.api.listUnsortedFaces({ offset: 0, limit: 10 });
    console.log(
      `people: ${people.length} for 18 identities; labelled faces ${photos.length}, bcubed P/R/F1 ` +
        `${scores.bcubed.precision.toFixed(3)}/${scores.bcubed.recall.toFixed(3)}/${scores.bcubed.f1.toFixed(3)}, ` +
        `pairwise F1 ${scores.pairwise.f1.toFixed(3)}, unsorted faces ${unsorted.total}`,
    );
    expect(photos).toHaveLength(140);
    expect(people.length).toBeGreaterThanOrEqual(16);
    expect(people.length).toBeLessThanOrEqual(24);
    expect(scores.bcubed.precision).toBeGreaterThan(0.95);
    expect(scores.bcubed.f1).toBeGreaterThan(0.9);
    // Unnamed people come by size, largest first.
    const sizes = people.map((p) => p.faceCount);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('describes a person: counts that agree with its pages, a cover among its faces', async () => {
    const personId = await personOf('Tony_Blair');
    const person = await engine.api.getPerson({ personId });
    const faces = await engine.api.listPersonFaces({ personId, offset: 0, limit: 2000 });
    const personPhotos = await engine.api.listPersonPhotos({ personId, offset: 0, limit: 2000 });
    expect(person.faceCount).toBe(faces.total);
    expect(person.photoCount).toBe(personPhotos.total);
    expect(person.photoCount).toBeGreaterThanOrEqual(8);
    expect(faces.items.map((f) => f.id)).toContain(person.coverFaceId);
    // Default cover: the best face.
    expect(person.coverFaceId).toBe(faces.items[0]!.id);
    expect(faces.items.every((f) => f.personId === personId && f.assignedBy === 'auto')).toBe(true);
    const tonyPhotos = new Set(photos.filter((p) => p.identity === 'Tony_Blair').map((p) => p.photoId));
    expect(personPhotos.items.filter((p) => tonyPhotos.has(p.id)).length).toBeGreaterThanOrEqual(8);
    await expect(engine.api.getPerson({ personId: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps rename, move, split, reject, hide, merge and cover through reclusterPeople, and undoes a merge', async () => {
    const tony = await personOf('Tony_Blair');
    const bush = await personOf('George_W_Bush');
    const powell = await personOf('Colin_Powell');
    const rumsfeld = await personOf('Donald_Rumsfeld');
    const chavez = await personOf('Hugo_Chavez');
    const amy = await personOf('amy');
    const penny = await personOf('penny');
    expect(new Set([tony, bush, powell, rumsfeld, chavez, amy, penny]).size).toBe(7);

    expect((await engine.api.renamePerson({ personId: tony, name: 'Tony' })).name).toBe('Tony');
    const bushFace = (await faceIdsOf(bush))[0]!;
    const moved = await engine.api.moveFaces({ faceIds: [bushFace], personId: tony });
    expect(moved.person.id).toBe(tony);
    const rejected = (await faceIdsOf(powell))[0]!;
    await engine.api.rejectFace({ faceId: rejected, personId: powell });
    expect(personOfFace(rejected)).toBeNull();
    const splitFace = (await faceIdsOf(rumsfeld))[0]!;
    const split = (await engine.api.moveFaces({ faceIds: [splitFace], personId: null })).person;
    expect(split.id).not.toBe(rumsfeld);
    expect(split.faceCount).toBe(1);
    await engine.api.setPersonHidden({ personId: chavez, hidden: true });
    const chavezFaces = await faceIdsOf(chavez);
    const amyFaces = await faceIdsOf(amy);
    const pennyFaces = await faceIdsOf(penny);
    const merge = await engine.api.mergePeople({ personId: amy, intoPersonId: penny });
    expect(merge.person.faceCount).toBe(amyFaces.length + pennyFaces.length);
    const cover = (await faceIdsOf(tony)).at(-1)!;
    await engine.api.setPersonCover({ personId: tony, faceId: cover });
    await expect(engine.api.setPersonCover({ personId: tony, faceId: chavezFaces[0]! })).rejects.toMatchObject({ code: 'invalid_input' });

    const counts = await engine.api.reclusterPeople({});
    expect(counts.people).toBeGreaterThan(10);

    const tonyNow = await engine.api.getPerson({ personId: tony });
    expect(tonyNow).toMatchObject({ name: 'Tony', coverFaceId: cover });
    expect(await faceIdsOf(tony)).toContain(bushFace);
    expect(await faceIdsOf(bush)).not.toContain(bushFace);
    expect(personOfFace(rejected)).not.toBe(powell);
    expect(await faceIdsOf(split.id)).toEqual([splitFace]);
    expect((await engine.api.listPeople({ includeHidden: false })).map((p) => p.id)).not.toContain(chavez);
    const hidden = (await engine.api.listPeople({ includeHidden: true })).find((p) => p.id === chavez);
    expect(hidden?.hidden).toBe(true);
    expect(await faceIdsOf(chavez)).toEqual(chavezFaces);
    expect(await faceIdsOf(penny)).toEqual([...amyFaces, ...pennyFaces].sort((a, b) => a - b));
    await expect(engine.api.getPerson({ personId: amy })).rejects.toMatchObject({ code: 'not_found' });

    const undone = await engine.api.undoMerge({ mergeId: merge.mergeId });
    expect(undone.restored.map((p) => p.id)).toEqual([amy, penny]);
    expect(await faceIdsOf(amy)).toEqual(amyFaces);
    await engine.api.reclusterPeople({});
    const amyAfter = new Set(amyFaces.map(personOfFace));
    expect(amyAfter.size).toBe(1);
    expect(amyAfter.has(penny)).toBe(false);
    expect(await faceIdsOf(penny)).toEqual(pennyFaces);
    await expect(engine.api.undoMerge({ mergeId: merge.mergeId })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('assigns faces of photos added later to the people they belong to', async () => {
    const tony = await personOf('Tony_Blair');
    const before = (await engine.api.getPerson({ personId: tony })).faceCount;
    // New content (re-encoded, so new hashes) of a named person.
    for (const name of ['Tony_Blair_0001.jpg', 'Tony_Blair_0002.jpg']) {
      await sharp(path.join(lfw10, 'Tony_Blair', name))
        .resize({ width: 230 })
        .jpeg({ quality: 88 })
        .toFile(path.join(extraDir, name));
    }
    await engine.api.addFolderSource({ path: extraDir });
    await engine.indexAll();
    const added = (await engine.api.listPhotos({ offset: 0, limit: 2000 })).items.filter((p) => p.fileName.startsWith('Tony_Blair_000') && p.width === 230);
    expect(added).toHaveLength(2);
    for (const photo of added) {
      const faces = await engine.api.listPhotoFaces({ photoId: photo.id });
      const largest = faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0]!;
      expect(largest.personId).toBe(tony);
    }
    expect((await engine.api.getPerson({ personId: tony })).faceCount).toBeGreaterThanOrEqual(before + 2);
  });

  it('forgets a person for good: no embedding bytes in SQLite or the index file, no face crops, not found again', async () => {
    const personId = await personOf('Jacques_Chirac');
    const faceIds = await faceIdsOf(personId);
    const stored = readCatalog(libraryDir, (db) =>
      faceIds.map((id) => db.prepare('SELECT embedding, thumb_path AS thumb FROM faces WHERE id = ?').get(id) as { embedding: Buffer; thumb: string }),
    );
    // Three 48-byte pieces of each vector: a BLOB may be split between pages, a piece inside one is contiguous.
    const pieces = stored.flatMap((s) =>
      [0.1, 0.5, 0.85].map((at) => Math.floor(s.embedding.length * at)).map((at) => Buffer.from(s.embedding.subarray(at, at + 48))),
    );
    expect(pieces.every((piece) => piece.length === 48)).toBe(true);
    const vectorFiles = () =>
      readdirSync(path.join(libraryDir, 'vectors'))
        .filter((n) => n.endsWith('.hnsw'))
        .map((n) => path.join(libraryDir, 'vectors', n));
    const catalogFiles = () => ['catalog.sqlite', 'catalog.sqlite-wal'].map((n) => path.join(libraryDir, n)).filter(existsSync);
    const found = (files: string[]) => {
      const bytes = files.map((f) => readFileSync(f));
      return pieces.filter((piece) => bytes.some((b) => b.includes(piece))).length;
    };
    await engine.api.reclusterPeople({}); // checkpoint: the index file holds these faces now
    expect(found(vectorFiles())).toBeGreaterThan(0);
    expect(found(catalogFiles())).toBeGreaterThan(0);
    const thumbs = stored.map((s) => path.join(libraryDir, ...s.thumb.split('/')));
    expect(thumbs.every(existsSync)).toBe(true);

    const result = await engine.api.forgetPerson({ personId });
    expect(result).toEqual({ forgotten: true, faces: faceIds.length });
    expect(found(vectorFiles())).toBe(0);
    expect(found(catalogFiles())).toBe(0);
    expect(thumbs.some(existsSync)).toBe(false);
    const rows = readCatalog(libraryDir, (db) =>
      db.prepare(`SELECT embedding, thumb_path, person_id, landmarks, forgotten_at FROM faces WHERE id IN (${faceIds.join(',')})`).all(),
    ) as { embedding: null; thumb_path: null; person_id: null; landmarks: null; forgotten_at: string }[];
    expect(rows).toHaveLength(faceIds.length);
    for (const row of rows) expect(row).toMatchObject({ embedding: null, thumb_path: null, person_id: null, landmarks: null });
    await expect(engine.api.getPerson({ personId })).rejects.toMatchObject({ code: 'not_found' });
    for (const faceId of faceIds) expect(engine.resolveMedia('face', faceId)).toBeNull();

    // Indexing the same photos again and re-clustering brings none of it back.
    const lfwSource = (await engine.api.listSources({})).find((s) => s.root === lfw10)!;
    await engine.api.rescanSource({ sourceId: lfwSource.id });
    await engine.indexAll();
    await engine.api.reclusterPeople({});
    expect(found(vectorFiles())).toBe(0);
    const after = readCatalog(libraryDir, (db) =>
      db.prepare(`SELECT count(*) AS n FROM faces WHERE id IN (${faceIds.join(',')}) AND (embedding IS NOT NULL OR person_id IS NOT NULL)`).get(),
    ) as { n: number };
    expect(after.n).toBe(0);
  });

  it('rebuilds a damaged vector index when the library opens again', async () => {
    const peopleBefore: PersonSummary[] = await engine.api.listPeople({ includeHidden: true });
    await engine.close();
    const [indexFile] = readdirSync(path.join(libraryDir, 'vectors')).filter((n) => n.endsWith('.hnsw'));
    const file = path.join(libraryDir, 'vectors', indexFile!);
    const bytes = readFileSync(file);
    for (let i = 4096; i < 8192; i++) bytes[i] = bytes[i]! ^ 0x5a;
    await fs.writeFile(file, bytes);
    const damaged = createHash('sha256').update(bytes).digest('hex');

    engine = await openEngine({ libraryDir, threads: 2 });
    const counts = await engine.api.reclusterPeople({});
    const sidecar = JSON.parse(readFileSync(file.replace(/\.shard0\.hnsw$/, '.json'), 'utf8')) as { shards: { sha256: string }[]; count: number };
    const now = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(now).not.toBe(damaged);
    expect(sidecar.shards.map((shard) => shard.sha256)).toEqual([now]);
    const searchable = readCatalog(
      libraryDir,
      (db) => (db.prepare('SELECT count(*) AS n FROM faces WHERE embedding IS NOT NULL AND stale = 0').get() as { n: number }).n,
    );
    expect(sidecar.count).toBe(searchable);
    expect(counts.people).toBe(peopleBefore.filter((p) => p.faceCount > 0).length);
  });
});
