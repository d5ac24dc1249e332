/** The precomputed neighbour table: same answers as the live source within its reach, an error beyond it. */
import { describe, expect, it } from 'vitest';
import { assignNewFaces, exactNeighbours, neighbourReach, noConstraints, precomputeNeighbours, reclusterWithConstraints } from '../../src/main/people';
import { syntheticFaces } from './synthetic';

const { faces } = syntheticFaces({ identities: 12, facesEach: 10, spread: 0.3, seed: 7 });
const live = exactNeighbours(faces);
const reach = { k: 8, maxDistance: 0.45 };

describe('precomputeNeighbours', () => {
  it('answers as the live source does for any k and distance within its reach', async () => {
    const table = await precomputeNeighbours(live, faces, reach);
    for (const face of faces) {
      for (const [k, maxDistance] of [
        [8, 0.45],
        [8, 0.3],
        [3, 0.45],
        [1, 0.2],
      ] as const) {
        expect(table.knn(face.id, k, maxDistance)).toEqual(live.knn(face.id, k, maxDistance));
      }
    }
    // The set is dense enough that rows are cut by k, not only by distance.
    expect(faces.some((f) => table.knn(f.id, 8, 0.45).length === 8)).toBe(true);
  });

  it('throws when asked beyond what it holds, instead of answering with less', async () => {
    const table = await precomputeNeighbours(live, faces, reach);
    const id = faces[0]!.id;
    expect(() => table.knn(id, 9, 0.45)).toThrow(/holds 8 neighbours within 0.45; asked for 9 within 0.45/);
    expect(() => table.knn(id, 8, 0.5)).toThrow(/asked for 8 within 0.5/);
    expect(() => table.knn(99_999, 8, 0.45)).toThrow(/face 99999 is not in the neighbour table/);
  });

  it('yields to the event loop between slices and reports progress there', async () => {
    const progress: number[] = [];
    let otherTaskRan = false;
    setImmediate(() => (otherTaskRan = true));
    await precomputeNeighbours(live, faces, reach, {
      sliceMs: 0,
      onProgress: (done, total) => {
        expect(total).toBe(faces.length);
        progress.push(done);
      },
    });
    expect(otherTaskRan).toBe(true);
    expect(progress).toEqual(faces.slice(1).map((_, i) => i + 1));
  });

  it('stops between slices when its signal is aborted', async () => {
    const stop = new AbortController();
    const run = precomputeNeighbours(live, faces, reach, { sliceMs: 0, signal: stop.signal });
    stop.abort(new Error('closed meanwhile'));
    await expect(run).rejects.toThrow('closed meanwhile');
  });

  it('keepOnly drops faces that left the catalog from rows and answers', async () => {
    const table = await precomputeNeighbours(live, faces, reach);
    const face = faces[0]!;
    const nearest = table.knn(face.id, 1, 0.45)[0]!;
    const remaining = new Set(faces.filter((f) => f.id !== nearest.faceId).map((f) => f.id));
    table.keepOnly(remaining);
    expect(table.knn(face.id, 8, 0.45).map((n) => n.faceId)).not.toContain(nearest.faceId);
    expect(table.has(nearest.faceId)).toBe(false);
    expect(() => table.knn(nearest.faceId, 8, 0.45)).toThrow(/not in the neighbour table/);
  });

  it('holds everything the clustering and the incremental assignment ask, given the same options', async () => {
    // attachDistance above threshold: the reach must follow the larger of the two.
    const options = { k: 6, threshold: 0.4, attachDistance: 0.44, minQuality: 0.5 };
    const mixed = faces.map((f, i) => ({ ...f, quality: i % 5 === 0 ? 0.2 : 0.9 }));
    const liveMixed = exactNeighbours(mixed);
    const table = await precomputeNeighbours(liveMixed, mixed, neighbourReach(options));
    const viaTable = reclusterWithConstraints(mixed, new Map(), noConstraints, { ...options, neighbours: table });
    const viaLive = reclusterWithConstraints(mixed, new Map(), noConstraints, { ...options, neighbours: liveMixed });
    expect(viaTable).toEqual(viaLive);

    const known = mixed.slice(0, 100);
    const fresh = mixed.slice(100);
    const incremental = (neighbours: typeof live) =>
      assignNewFaces(fresh, known, new Map([...viaLive.assignments].filter(([id]) => id <= 100)), noConstraints, { ...options, neighbours });
    expect(incremental(table)).toEqual(incremental(liveMixed));
  });
});
