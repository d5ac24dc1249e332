import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaceGenerator, generateFaces } from '../../bench/vectors-synthetic';
import { exactSearchMany } from '../../src/main/vectors/exact-search';
import { efSearchFor, VectorIndex, vectorIndexPaths, type FaceVector, type OpenOrRebuildOptions } from '../../src/main/vectors/vector-index';

const modelVersion = 'facet-test-model-v1';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'facet-vectors-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A small clustered library: face ids 1..count, rows of `matrix`. */
function library(count: number, dim: number, seed = 7) {
  const generator = createFaceGenerator({ dim, identityCount: Math.max(4, Math.round(count / 25)), seed });
  const { matrix } = generateFaces(generator, 0, count);
  const row = (faceId: number) => matrix.subarray((faceId - 1) * dim, faceId * dim);
  const faces = (): FaceVector[] => Array.from({ length: count }, (_, i) => ({ faceId: i + 1, vector: row(i + 1) }));
  return { generator, matrix, row, faces };
}

/** Open options whose `loadAll` counts its calls, so a test can tell a load from a rebuild. */
function openOptions(faces: () => FaceVector[], overrides: Partial<OpenOrRebuildOptions> = {}) {
  const calls = { loadAll: 0 };
  const all = faces();
  const options: OpenOrRebuildOptions = {
    dir,
    modelVersion,
    dim: all[0]?.vector.length ?? 16,
    catalogState: { count: all.length, lastFaceId: all.at(-1)?.faceId ?? 0 },
    loadAll: () => {
      calls.loadAll++;
      return faces();
    },
    ...overrides,
  };
  return { options, calls };
}

describe('VectorIndex search', () => {
  it('finds the exact nearest neighbours of 2k clustered 1024-d faces added one by one (recall@10 >= 0.99)', () => {
    const dim = 1024;
    const { generator, matrix, faces } = library(2000, dim);
    const index = VectorIndex.create({ dir, modelVersion, dim });
    // 2000 faces also exceed the initial capacity, so this exercises the geometric resize.
    for (const { faceId, vector } of faces()) index.add(faceId, vector);
    expect(index.count).toBe(2000);

    const queries = generateFaces(generator, 100_000, 100).matrix;
    const queryList = Array.from({ length: 100 }, (_, i) => queries.subarray(i * dim, (i + 1) * dim));
    const truth = exactSearchMany(matrix, dim, queryList, 10);
    let found = 0;
    queryList.forEach((query, q) => {
      const got = index.search(query, 10);
      const expected = truth[q]!;
      // Rows are face ids minus one.
      const gotIds = new Set(got.map((n) => n.faceId - 1));
      found += expected.filter((n) => gotIds.has(n.faceId)).length;
      expect(got[0]!.similarity).toBeCloseTo(expected[0]!.similarity, 4);
    });
    expect(found / 1000).toBeGreaterThanOrEqual(0.99);
  });

  it('markDeleted hides a face and keeps count and lastFaceId in step', () => {
    const { row, faces } = library(200, 32);
    const index = VectorIndex.create({ dir, modelVersion, dim: 32 });
    for (const { faceId, vector } of faces()) index.add(faceId, vector);
    expect(index.search(row(50), 1)[0]).toMatchObject({ faceId: 50 });
    expect(index.search(row(50), 1)[0]!.similarity).toBeCloseTo(1, 5);

    expect(index.markDeleted(50)).toBe(true);
    expect(index.markDeleted(50)).toBe(false);
    expect(index.search(row(50), 200).map((n) => n.faceId)).not.toContain(50);
    expect(index.count).toBe(199);
    index.markDeleted(200);
    expect(index.lastFaceId).toBe(199);
  });

  it('normalizes non-unit vectors and rejects unusable ones naming the face', () => {
    const index = VectorIndex.create({ dir, modelVersion, dim: 4 });
    index.add(1, new Float32Array([3, 0, 0, 0]));
    index.add(2, new Float32Array([0, 1, 0, 0]));
    expect(index.search(new Float32Array([1, 0.1, 0, 0]), 1)).toEqual([{ faceId: 1, similarity: expect.closeTo(0.995, 3) }]);
    expect(() => index.add(3, new Float32Array(3))).toThrow(/face 3 has 3 values, expected 4/);
    expect(() => index.add(4, new Float32Array(4))).toThrow(/face 4 is zero/);
    expect(() => index.add(0, new Float32Array([1, 0, 0, 0]))).toThrow(/face id 0/);
  });

  it('searchWithin returns only faces of the scope, exactly for small scopes and by filter for large ones', () => {
    const { row, faces } = library(600, 32);
    const scope = Array.from({ length: 300 }, (_, i) => 2 * i + 1); // odd face ids
    const scopeMatrix = new Float32Array(scope.flatMap((id) => Array.from(row(id))));
    const query = row(2); // an even face: its own id is outside the scope
    const expected = exactSearchMany(scopeMatrix, 32, [query], 5, scope)[0]!.map((n) => n.faceId);

    const fromCatalog = (ids: readonly number[]) => ids.map((faceId) => ({ faceId, vector: row(faceId) }));
    const exact = { faces: 1000, share: 0 };
    const walk = { faces: 10, share: 0 };
    const paths = [{ exactScope: exact, loadSome: fromCatalog }, { exactScope: exact }, { exactScope: walk }];
    for (const scopePath of paths) {
      const index = VectorIndex.create({ dir, modelVersion, dim: 32, ...scopePath });
      for (const { faceId, vector } of faces()) index.add(faceId, vector);
      index.markDeleted(expected[0]!);
      expect(index.scansExactly(scope.length)).toBe(scopePath.exactScope === exact);
      const got = index.searchWithin(query, 5, scope).map((n) => n.faceId);
      expect(got).toEqual([...expected.slice(1), got[4]]);
      expect(got.every((id) => id % 2 === 1)).toBe(true);
    }
  });

  it('scans exactly up to a share of the index, so a scope of fixed size stays exact as the library grows', () => {
    const { faces } = library(600, 32);
    const index = VectorIndex.create({ dir, modelVersion, dim: 32, exactScope: { faces: 10, share: 0.1 } });
    for (const { faceId, vector } of faces().slice(0, 200)) index.add(faceId, vector);
    expect(index.scansExactly(30)).toBe(false);
    for (const { faceId, vector } of faces().slice(200)) index.add(faceId, vector);
    expect(index.scansExactly(30)).toBe(true);
    expect(index.scansExactly(61)).toBe(false);
  });
});

describe('VectorIndex efSearch', () => {
  it('grows with the largest shard (the base per 125k faces, at most 1024) unless fixed', () => {
    expect([0, 125_000, 125_001, 500_000, 5_000_000].map((faces) => efSearchFor(128, faces))).toEqual([128, 128, 256, 512, 1024]);
    const { faces } = library(50, 32);
    const index = VectorIndex.create({ dir, modelVersion, dim: 32, params: { efSearch: 40 } });
    for (const { faceId, vector } of faces()) index.add(faceId, vector);
    expect(index.efSearch).toBe(40);
    index.setEfSearch(7);
    expect(index.efSearch).toBe(7);
    index.setEfSearch(null);
    expect(index.efSearch).toBe(40);
  });
});

describe('VectorIndex persistence', () => {
  it('saves atomically, leaves no temp files, and reopens without calling loadAll', () => {
    const { row, faces } = library(300, 32);
    const { options, calls } = openOptions(faces);
    const first = VectorIndex.openOrRebuild(options);
    expect(first.rebuiltBecause).toBe('no saved index');
    expect(calls.loadAll).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([`${modelVersion}.json`, `${modelVersion}.shard0.hnsw`]);

    const second = VectorIndex.openOrRebuild(options);
    expect(second.rebuiltBecause).toBeNull();
    expect(calls.loadAll).toBe(1);
    expect(second.index.count).toBe(300);
    expect(second.index.search(row(123), 3)).toEqual(first.index.search(row(123), 3));
  });

  it('a writer killed mid-save leaves a stray temp file; the last good index still loads and the stray is removed', () => {
    const { faces } = library(100, 32);
    const { options } = openOptions(faces);
    VectorIndex.openOrRebuild(options);
    const { shardFile, sidecarFile } = vectorIndexPaths(dir, modelVersion);
    const indexFile = shardFile(0);
    const strayIndex = `${indexFile}.tmp-99999-1`;
    writeFileSync(strayIndex, readFileSync(indexFile).subarray(0, 1000));
    writeFileSync(`${sidecarFile}.tmp-99999-1`, '{"format":');

    const reopened = VectorIndex.openOrRebuild(options);
    expect(reopened.rebuiltBecause).toBeNull();
    expect(readdirSync(dir).sort()).toEqual([`${modelVersion}.json`, `${modelVersion}.shard0.hnsw`]);
  });

  describe('rebuilds from the catalog when the saved index cannot be trusted', () => {
    // The catalog holds 151 faces; the saved index mirrors the first 150. Stale cases reopen
    // against a catalog that changed behind the index's back.
    const { row, faces: all151 } = library(151, 32);
    const saved = () => all151().slice(0, 150);
    const indexFile = () => vectorIndexPaths(dir, modelVersion).shardFile(0);
    const sidecarFile = () => vectorIndexPaths(dir, modelVersion).sidecarFile;
    type Reopen = { faces?: () => FaceVector[]; changes?: Partial<OpenOrRebuildOptions> };
    const cases: [string, () => Reopen | void, RegExp][] = [
      ['index file missing', () => rmSync(indexFile()), /index file .* is missing/],
      ['sidecar missing', () => rmSync(sidecarFile()), /no saved index/],
      ['sidecar garbage', () => writeFileSync(sidecarFile(), 'not json'), /not valid JSON/],
      ['catalog gained a face', () => ({ faces: all151 }), /stale: index has 150 faces up to id 150, catalog has 151 up to id 151/],
      ['catalog lost a face, same last id', () => ({ faces: () => saved().filter((f) => f.faceId !== 10) }), /stale: .* catalog has 149 up to id 150/],
      ['catalog last id moved, same count', () => ({ faces: () => [...saved().slice(0, 149), all151()[150]!] }), /stale: .* catalog has 150 up to id 151/],
      ['truncated index file', () => truncateSync(indexFile(), statSync(indexFile()).size - 4096), /bytes, sidecar says/],
      [
        'garbage bytes inside the index file',
        () => {
          const bytes = readFileSync(indexFile());
          bytes.fill(0xab, 100, 4196);
          writeFileSync(indexFile(), bytes);
        },
        /does not match its checksum/,
      ],
      [
        'sidecar of another model version',
        () => {
          const other = vectorIndexPaths(dir, 'facet-other-model-v2');
          copyFileSync(indexFile(), other.shardFile(0));
          copyFileSync(sidecarFile(), other.sidecarFile);
          return { changes: { modelVersion: 'facet-other-model-v2' } };
        },
        /describes facet-test-model-v1 .* expected facet-other-model-v2/,
      ],
      ['other graph parameters', () => ({ changes: { params: { m: 8 } } }), /built with M=32/],
    ];
    for (const [name, damage, reason] of cases) {
      it(name, () => {
        VectorIndex.openOrRebuild(openOptions(saved).options);
        const reopen = damage() ?? {};
        const { options, calls } = openOptions(reopen.faces ?? saved, reopen.changes);
        const reopened = VectorIndex.openOrRebuild(options);
        expect(reopened.rebuiltBecause).toMatch(reason);
        expect(calls.loadAll).toBe(1);
        expect(reopened.index.count).toBe(options.catalogState.count);
        expect(reopened.index.search(row(77), 1)[0]).toMatchObject({ faceId: 77 });
        // The rebuilt index was saved: the next open loads it.
        expect(VectorIndex.openOrRebuild(options).rebuiltBecause).toBeNull();
      });
    }
  });

  it('a deleted face stays hidden after save and reopen, and purge removes its bytes from the saved file', () => {
    const { row, faces } = library(200, 32);
    const { options } = openOptions(faces);
    const { index } = VectorIndex.openOrRebuild(options);
    const forgotten = [42, 43];
    const bytesOf = (faceId: number) => Buffer.from(row(faceId).buffer, row(faceId).byteOffset, row(faceId).byteLength);
    const fileHolds = (faceId: number) => readFileSync(vectorIndexPaths(dir, modelVersion).shardFile(0)).includes(bytesOf(faceId));

    for (const id of forgotten) index.markDeleted(id);
    index.save();
    const afterState = { catalogState: { count: 198, lastFaceId: 200 } };
    const reopened = VectorIndex.openOrRebuild(openOptions(faces, afterState).options);
    expect(reopened.rebuiltBecause).toBeNull();
    const all = reopened.index.search(row(42), 200).map((n) => n.faceId);
    expect(all).toHaveLength(198);
    expect(all).not.toContain(42);
    expect(all).not.toContain(43);
    // markDeleted only hides: the vector is still in the file, which is why purge exists.
    expect(fileHolds(42)).toBe(true);

    reopened.index.purge([]);
    expect(fileHolds(42)).toBe(false);
    expect(fileHolds(43)).toBe(false);
    expect(fileHolds(41)).toBe(true);

    // The first handle still has 42 and 43 marked deleted; its purge drops them too.
    index.purge([7]);
    expect(fileHolds(7)).toBe(false);
    const afterPurge = VectorIndex.openOrRebuild(openOptions(faces, { catalogState: { count: 197, lastFaceId: 200 } }).options);
    expect(afterPurge.rebuiltBecause).toBeNull();
    expect(afterPurge.index.search(row(7), 199).map((n) => n.faceId)).not.toContain(7);
  });

  it('purge erases in place (the file keeps its size, a forgotten id can come back) and compacts once erased faces pile up', () => {
    const { row, faces } = library(200, 32);
    const { index } = VectorIndex.openOrRebuild(openOptions(faces).options);
    const file = vectorIndexPaths(dir, modelVersion).shardFile(0);
    const bytesOf = (faceId: number) => Buffer.from(row(faceId).buffer, row(faceId).byteOffset, row(faceId).byteLength);
    const sizeBefore = statSync(file).size;

    index.purge([10, 11]);
    // Erased, not removed: the elements stay, holding noise.
    expect(statSync(file).size).toBe(sizeBefore);
    expect(readFileSync(file).includes(bytesOf(10))).toBe(false);
    expect(index.search(row(10), 200).map((n) => n.faceId)).not.toContain(10);
    // A face stored again under a forgotten id (a re-embedding) is found again.
    index.add(10, row(10));
    expect(index.search(row(10), 1)[0]).toMatchObject({ faceId: 10 });
    index.save();
    const reopened = VectorIndex.openOrRebuild(openOptions(faces, { catalogState: { count: 199, lastFaceId: 200 } }).options);
    expect(reopened.rebuiltBecause).toBeNull();

    // A quarter of the library forgotten: the graph is rebuilt without them and the file shrinks.
    const many = Array.from({ length: 60 }, (_, i) => 100 + i);
    reopened.index.purge(many);
    expect(reopened.index.count).toBe(139);
    expect(statSync(file).size).toBeLessThan(sizeBefore * 0.8);
    for (const faceId of [11, ...many]) expect(readFileSync(file).includes(bytesOf(faceId))).toBe(false);
    expect(VectorIndex.openOrRebuild(openOptions(faces, { catalogState: { count: 139, lastFaceId: 200 } }).options).rebuiltBecause).toBeNull();
  });
});
