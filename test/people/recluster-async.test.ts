/**
 * PeopleService's clustering runs over a real catalog and a real HNSW index of synthetic faces: the
 * k-NN phase gives the event loop back and the clustering step runs in a worker thread, so API calls
 * are served meanwhile, and edits made meanwhile hold. The service yields after every face here
 * (neighbourSliceMs 0) so that "meanwhile" does not depend on the machine's speed; its progress hook
 * and its clustering-started hook are where the tests step in.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/catalog/catalog';
import { libraryLayout } from '../../src/main/catalog/layout';
import { seedSyntheticPhotos } from '../../src/main/catalog/seed';
import { JobRunner } from '../../src/main/jobs/job-runner';
import { PeopleService } from '../../src/main/people/service';
import { FaceVectors } from '../../src/main/search/face-vectors';
import { noisyCopy, random, syntheticFaces } from './synthetic';

const identities = 150;
const facesEach = 20;
const dim = 64;

interface Library {
  dir: string;
  catalog: Catalog;
  vectors: FaceVectors;
  /** The engine's job runner: closing it stops a run. */
  jobs: JobRunner;
  service: PeopleService;
  api: ReturnType<PeopleService['api']>;
  /** Face id -> synthetic identity. */
  identity: Map<number, string>;
  centres: Float32Array[];
  modelId: number;
  /** Photos without faces, for faces that arrive later. */
  spareShas: string[];
  /** Set by a test: called at each yield of the k-NN phase. */
  onProgress: ((done: number, total: number) => void) | null;
  /** Set by a test: called each time the clustering step was handed to the worker; awaited before its answer is taken. */
  onClustering: (() => void | Promise<void>) | null;
}

async function openLibrary(): Promise<Library> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'facet-recluster-async-'));
  const { faces, centres } = syntheticFaces({ identities, facesEach, spread: 0.25, dim, seed: 3 });
  // One photo per face, and spares for faces that arrive later.
  const spares = 3;
  const { sourceId } = await seedSyntheticPhotos(dir, faces.length + spares);
  const shaOf = (i: number) => createHash('sha256').update(`synthetic-${sourceId}-${i}`).digest('hex');
  const layout = libraryLayout(dir);
  const catalog = Catalog.open(layout.catalogFile);
  const modelId = catalog.faces.modelId({ name: 'synthetic', version: '1', dim });
  const identity = new Map<number, string>();
  catalog.transaction(() => {
    faces.forEach((face, i) => {
      const [id] = catalog.faces.insert(shaOf(i), [foundFace(face.embedding)], modelId, []);
      identity.set(id!, face.identity);
    });
  });
  const vectors = new FaceVectors({ catalog, dir: layout.vectorsDir, modelId: () => modelId });
  const library: Library = {
    dir,
    catalog,
    vectors,
    jobs: new JobRunner(catalog),
    identity,
    centres,
    modelId,
    spareShas: Array.from({ length: spares }, (_, i) => shaOf(faces.length + i)),
    onProgress: null,
    onClustering: null,
    service: null as unknown as PeopleService,
    api: null as unknown as Library['api'],
  };
  library.service = new PeopleService({
    catalog,
    layout,
    vectors,
    modelId: () => modelId,
    emit: () => {},
    jobs: library.jobs,
    neighbourSliceMs: 0,
    onNeighboursProgress: (done, total) => library.onProgress?.(done, total),
    onClusteringStarted: () => library.onClustering?.(),
  });
  library.api = library.service.api();
  return library;
}

function foundFace(embedding: Float32Array) {
  return { box: { x: 10, y: 10, width: 80, height: 80 }, keypoints: [], score: 0.9, quality: 0.9, embedding };
}

/** New faces of identity `p<identity>`, stored as the face store would. */
function addFaces(library: Library, identity: number, count: number): number[] {
  const rand = random(99);
  const ids = library.spareShas
    .splice(0, count)
    .flatMap((sha) => library.catalog.faces.insert(sha, [foundFace(noisyCopy(library.centres[identity]!, 0.25, rand))], library.modelId, []));
  library.vectors.facesStored(ids);
  return ids;
}

/** Resolves at the first yield of the next k-NN phase. */
function midway(library: Library): Promise<{ done: number; total: number }> {
  return new Promise((resolve) => {
    library.onProgress = (done, total) => {
      library.onProgress = null;
      resolve({ done, total });
    };
  });
}

function personOf(library: Library, faceId: number): number | null {
  const row = library.catalog.db.prepare('SELECT person_id AS p FROM faces WHERE id = ?').get(faceId) as { p: number | null };
  return row.p;
}

function facesOf(library: Library, name: string): number[] {
  return [...library.identity].filter(([, who]) => who === name).map(([id]) => id);
}

/** The person most faces of an identity are on. */
function personOfIdentity(library: Library, name: string): number {
  const counts = new Map<number, number>();
  for (const id of facesOf(library, name)) {
    const p = personOf(library, id);
    if (p !== null) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!best) throw new Error(`no person holds faces of ${name}`);
  return best[0];
}

/** People of a clustered library that a test edits, and faces it moves, rejects and forgets. */
function peopleToEdit(library: Library) {
  const person = (name: string) => personOfIdentity(library, name);
  return {
    p0: person('p0'),
    p2: person('p2'),
    p3: person('p3'),
    p4: person('p4'),
    p5: person('p5'),
    p6: person('p6'),
    p7: person('p7'),
    moved: facesOf(library, 'p1')[0]!,
    rejected: facesOf(library, 'p5')[0]!,
    forgotten: facesOf(library, 'p6'),
  };
}

/** Every kind of edit, and a face stored meanwhile (returned). */
async function editPeople(library: Library, people: ReturnType<typeof peopleToEdit>): Promise<{ late: number }> {
  const { api } = library;
  await api.renamePerson({ personId: people.p0, name: 'Ada' });
  await api.moveFaces({ faceIds: [people.moved], personId: people.p2 });
  await api.mergePeople({ personId: people.p3, intoPersonId: people.p4 });
  await api.rejectFace({ faceId: people.rejected, personId: people.p5 });
  await api.setPersonHidden({ personId: people.p7, hidden: true });
  await api.forgetPerson({ personId: people.p6 });
  const [late] = addFaces(library, 7, 1);
  return { late: late! };
}

/** What `editPeople` did holds after the run; the face stored meanwhile waits for the next update. */
async function expectEditsKept(library: Library, people: ReturnType<typeof peopleToEdit>, { late }: { late: number }): Promise<void> {
  const { api } = library;
  const { p0, p2, p4, p5, p6, p7, moved, rejected, forgotten } = people;
  expect((await api.getPerson({ personId: p0 })).name).toBe('Ada');
  expect(new Set(facesOf(library, 'p0').map((id) => personOf(library, id)))).toEqual(new Set([p0]));
  expect(personOf(library, moved)).toBe(p2);
  expect(new Set(facesOf(library, 'p3').map((id) => personOf(library, id)))).toEqual(new Set([p4]));
  expect(personOf(library, rejected)).not.toBe(p5);
  expect((await api.getPerson({ personId: p7 })).hidden).toBe(true);
  await expect(api.getPerson({ personId: p6 })).rejects.toThrow(/no person/);
  const tombstones = library.catalog.db
    .prepare(`SELECT count(*) AS n FROM faces WHERE id IN (${forgotten.join(',')}) AND person_id IS NULL AND embedding IS NULL AND forgotten_at IS NOT NULL`)
    .get() as { n: number };
  expect(tombstones.n).toBe(forgotten.length);

  expect(personOf(library, late)).toBeNull();
  await library.service.update();
  expect(personOf(library, late)).toBe(p7);
}

/** People and placements as the catalog holds them. */
function snapshot(library: Library): unknown {
  const { db } = library.catalog;
  return {
    faces: db.prepare('SELECT id, person_id, assigned_by FROM faces ORDER BY id').all(),
    people: db.prepare('SELECT * FROM people ORDER BY id').all(),
  };
}

describe('PeopleService clustering while the API is in use', () => {
  let library: Library;
  beforeEach(async () => {
    library = await openLibrary();
  });
  afterEach(async () => {
    await library.jobs.close();
    library.vectors.close();
    library.catalog.close();
    await fs.rm(library.dir, { recursive: true, force: true });
  });

  it('serves other calls issued during the k-NN phase before the recluster resolves', async () => {
    const order: string[] = [];
    const reached = midway(library);
    const run = library.api.reclusterPeople({}).then((counts) => {
      order.push('reclusterPeople');
      return counts;
    });
    const { done, total } = await reached;
    expect(done).toBeLessThan(total);
    await library.api.listPeople({ includeHidden: true });
    order.push('listPeople');
    await library.api.listUnsortedFaces({ offset: 0, limit: 10 });
    order.push('listUnsortedFaces');
    const counts = await run;
    expect(order).toEqual(['listPeople', 'listUnsortedFaces', 'reclusterPeople']);
    expect(counts.people).toBe(identities);
    expect(counts.unsorted).toBe(0);
  });

  it('keeps edits made during the k-NN phase, does not bring back faces forgotten meanwhile, leaves faces stored meanwhile to the next update', async () => {
    await library.service.recluster();
    const people = peopleToEdit(library);
    const reached = midway(library);
    let settled = false;
    const run = library.service.recluster().finally(() => (settled = true));
    await reached;
    const edits = await editPeople(library, people);
    expect(settled).toBe(false);
    await run;
    await expectEditsKept(library, people, edits);
  });

  it('places new faces one batch at a time, also when faces leave their person during the searches', async () => {
    await library.service.recluster();
    const [p8, p9] = ['p8', 'p9'].map((name) => personOfIdentity(library, name));
    const late = addFaces(library, 8, 3);
    const rejected = facesOf(library, 'p9').slice(0, 2);
    const reached = midway(library);
    const run = library.service.update();
    await reached;
    // Placed when the searches began; unsorted once they end, so the assignment clusters them.
    for (const faceId of rejected) await library.api.rejectFace({ faceId, personId: p9! });
    await run;
    expect(late.map((id) => personOf(library, id))).toEqual([p8, p8, p8]);
    expect(rejected.map((id) => personOf(library, id))).not.toContain(p9);
  });

  it('runs a second clustering only after the first is done', async () => {
    const progress: number[] = [];
    library.onProgress = (done) => progress.push(done);
    const first = library.service.recluster();
    const second = library.api.reclusterPeople({});
    const [a, b] = await Promise.all([first, second]);
    const oneRun = Array.from({ length: identities * facesEach - 1 }, (_, i) => i + 1);
    expect(progress).toEqual([...oneRun, ...oneRun]);
    expect(b).toEqual(a);
  });

  it('stops a run at its next slice when the engine closes, applying nothing', async () => {
    const reached = midway(library);
    const run = library.service.recluster();
    await reached;
    void library.jobs.close();
    await expect(run).rejects.toThrow('the engine is closing');
    expect((library.catalog.db.prepare('SELECT count(*) AS n FROM faces WHERE person_id IS NOT NULL').get() as { n: number }).n).toBe(0);
  });

  it('serves API calls while the clustering step runs in its worker thread', async () => {
    const order: string[] = [];
    let steps = 0;
    library.onClustering = () => {
      steps++;
      // A task of the event loop: a clustering step in this thread would hold it until the run was applied.
      setImmediate(() => void library.api.listPeople({ includeHidden: true }).then(() => order.push('listPeople')));
    };
    const counts = await library.api.reclusterPeople({}).then((result) => {
      order.push('reclusterPeople');
      return result;
    });
    expect(steps).toBe(1);
    expect(order).toEqual(['listPeople', 'reclusterPeople']);
    expect(counts).toEqual({ people: identities, unsorted: 0 });
  });

  it('clusters again when people were edited while the clustering step ran, keeping the edits', async () => {
    await library.service.recluster();
    const people = peopleToEdit(library);
    let steps = 0;
    let edits: { late: number } | null = null;
    library.onClustering = async () => {
      if (steps++ === 0) edits = await editPeople(library, people);
    };
    await library.service.recluster();
    expect(steps).toBe(2);
    await expectEditsKept(library, people, edits!);
  });

  it('runs the clustering step in this thread once edits came in during three worker runs', async () => {
    await library.service.recluster();
    const p9 = personOfIdentity(library, 'p9');
    const rejected = facesOf(library, 'p9').slice(0, 3);
    let steps = 0;
    library.onClustering = async () => {
      await library.api.rejectFace({ faceId: rejected[steps++]!, personId: p9 });
    };
    await library.service.recluster();
    expect(steps).toBe(3);
    expect(rejected.map((id) => personOf(library, id))).not.toContain(p9);
    expect(personOfIdentity(library, 'p9')).toBe(p9);
  });

  it('terminates the clustering step when the engine closes, writing nothing', async () => {
    // Not awaited here: closing waits for the run, which waits for this hook.
    library.onClustering = () => void library.jobs.close();
    await expect(library.service.recluster()).rejects.toThrow('the engine is closing');
    expect((library.catalog.db.prepare('SELECT count(*) AS n FROM faces WHERE person_id IS NOT NULL').get() as { n: number }).n).toBe(0);
  });

  it('rejects with the reason when the clustering worker fails, leaving the catalog as it was', async () => {
    await library.service.recluster();
    const [a, b] = ['p0', 'p1'].map((name) => personOfIdentity(library, name));
    // Merges that loop: the clustering (in the worker) refuses them.
    const merge = library.catalog.db.prepare(
      `INSERT INTO person_merges (from_person_id, into_person_id, face_ids, merged_at) VALUES (?, ?, '[]', '2024-01-01T00:00:00Z')`,
    );
    merge.run(a, b);
    merge.run(b, a);
    const before = snapshot(library);
    let steps = 0;
    library.onClustering = () => void steps++;
    await expect(library.api.reclusterPeople({})).rejects.toThrow(/worker thread: people merges form a cycle through person/);
    expect(steps).toBe(1);
    expect(snapshot(library)).toEqual(before);
  });
});
