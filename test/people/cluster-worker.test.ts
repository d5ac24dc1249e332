/**
 * The clustering step as a worker job: faces packed in shared memory, the neighbour table as
 * typed arrays, and the worker's results equal to the ones computed in this thread.
 */
import { describe, expect, it } from 'vitest';
import { exactNeighbours, neighbourReach, precomputeNeighbours, reclusterWithConstraints, NeighbourTable } from '../../src/main/people';
import { clusterInWorker } from '../../src/main/people/cluster-in-worker';
import { FacePacker, fromJob, runClusterStep, toJob, type ClusterStep } from '../../src/main/people/cluster-job';
import type { UserConstraints } from '../../src/main/domain/people';
import { syntheticFaces } from './synthetic';

const options = { k: 8, threshold: 0.42, attachDistance: 0.35, minQuality: 0.4 };
// Every sixth face is weak, so the attachment pass (which reads qualities and the table) runs too.
const { faces: raw } = syntheticFaces({ identities: 15, facesEach: 12, spread: 0.3, seed: 11 });
const packer = new FacePacker(raw.length, raw[0]!.embedding.length);
raw.forEach((face, i) => packer.add({ ...face, quality: i % 6 === 0 ? 0.399999999 : 0.9 }));
const packed = packer.packed();
const { faces, shared } = packed;

async function tableOf(subset = faces): Promise<NeighbourTable> {
  return precomputeNeighbours(exactNeighbours(subset), subset, neighbourReach(options));
}

/** A library clustered once, then edited: what a second clustering starts from. */
async function editedStep(fresh: ReadonlySet<number> | null): Promise<ClusterStep> {
  const first = reclusterWithConstraints(faces, new Map(), { named: [], hidden: [], moved: [], rejected: [], merged: [] }, options);
  const [a, b, c] = [...new Set(first.assignments.values())].filter((p): p is number => p !== null);
  const faceOf = (p: number) => [...first.assignments].find(([, q]) => q === p)![0];
  const constraints: UserConstraints = {
    named: [a!],
    hidden: [],
    moved: [{ faceId: faceOf(b!), personId: a! }],
    rejected: [{ faceId: faceOf(c!), personId: c! }],
    merged: [{ from: b!, into: c! }],
  };
  const existing = new Map([...first.assignments].map(([id, p]) => [id, fresh?.has(id) ? null : p]));
  const table = await tableOf();
  // A face forgotten meanwhile: out of the faces and out of the table.
  const kept = faces.filter((face) => face.id !== faces[3]!.id);
  table.keepOnly(new Set(kept.map((face) => face.id)));
  return { faces: kept, existing, constraints, fresh, options, neighbours: table };
}

describe('clustering step in a worker thread', () => {
  it('packs the embeddings into one shared buffer, each face a view of its row', () => {
    expect(shared.embeddings.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.embeddings.length).toBe(faces.length * shared.dim);
    faces.forEach((face, row) => {
      expect(face.embedding.buffer).toBe(shared.embeddings.buffer);
      expect(face.embedding).toEqual(raw[row]!.embedding);
      expect(shared.ids[row]).toBe(face.id);
      expect(shared.qualities[row]).toBe(face.quality);
    });
  });

  it('sends the neighbour table as typed arrays that answer as the table does, keepOnly included', async () => {
    const table = await tableOf();
    const gone = table.knn(faces[0]!.id, 1, 0.42)[0]!.faceId;
    table.keepOnly(new Set(faces.filter((face) => face.id !== gone).map((face) => face.id)));
    const transferred = table.toTransfer();
    expect(transferred.offsets.length).toBe(faces.length);
    const copy = NeighbourTable.fromTransfer(transferred);
    for (const face of faces) {
      expect(copy.has(face.id)).toBe(table.has(face.id));
      if (table.has(face.id)) expect(copy.knn(face.id, 8, 0.42)).toEqual(table.knn(face.id, 8, 0.42));
    }
    expect(copy.has(gone)).toBe(false);
    expect(() => copy.knn(faces[0]!.id, 9, 0.42)).toThrow(/holds 8 neighbours/);
  });

  it('gives the same people as the clustering in this thread, for a full clustering and for new faces', async () => {
    const fresh = new Set(faces.slice(-30).map((face) => face.id));
    for (const step of [await editedStep(null), await editedStep(fresh)]) {
      const here = runClusterStep(step);
      expect(fromJob(toJob(step, shared)).faces.map((face) => face.id)).toEqual(step.faces.map((face) => face.id));
      const there = await clusterInWorker(toJob(step, shared));
      expect(there).toEqual(here);
      expect(new Set(there.assignments.values()).size).toBeGreaterThan(5);
    }
  });

  it('rejects with the reason when the worker fails, and with the abort reason when stopped', async () => {
    const step = await editedStep(null);
    const job = toJob(step, shared);
    job.order = Int32Array.from([...job.order, 99_999]);
    await expect(clusterInWorker(job)).rejects.toThrow(/failed in its worker thread: clustering job: face 99999 is not among the packed faces/);

    const cyclic = {
      ...step,
      constraints: {
        ...step.constraints,
        merged: [
          { from: 1, into: 2 },
          { from: 2, into: 1 },
        ],
      },
    };
    await expect(clusterInWorker(toJob(cyclic, shared))).rejects.toThrow(/worker thread: people merges form a cycle/);

    const stop = new AbortController();
    const run = clusterInWorker(toJob(step, shared), stop.signal);
    stop.abort(new Error('closed meanwhile'));
    await expect(run).rejects.toThrow('closed meanwhile');
  });
});
