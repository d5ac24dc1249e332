import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaceGenerator, generateFaces } from '../../bench/vectors-synthetic';
import { exactSearchMany } from '../../src/main/vectors/exact-search';
import { partitionFaces } from '../../src/main/vectors/graph-build';
import { Worker } from 'node:worker_threads';
import { buildGraphFilesInWorkers, buildState, type BuildJob } from '../../src/main/vectors/parallel-build';
import { VectorIndex, shardCountFor, vectorIndexPaths, type FaceVector, type OpenOrRebuildOptions } from '../../src/main/vectors/vector-index';

const modelVersion = 'facet-test-model-v1';
const dim = 64;
const params = { m: 16, efConstruction: 100 };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'facet-shards-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function library(count: number) {
  const generator = createFaceGenerator({ dim, identityCount: Math.max(4, Math.round(count / 25)), seed: 11 });
  const { matrix } = generateFaces(generator, 0, count);
  const row = (faceId: number) => matrix.subarray((faceId - 1) * dim, faceId * dim);
  const faces = (): FaceVector[] => Array.from({ length: count }, (_, i) => ({ faceId: i + 1, vector: row(i + 1) }));
  const queries = generateFaces(generator, 1_000_000, 40).matrix;
  const queryList = Array.from({ length: 40 }, (_, i) => queries.subarray(i * dim, (i + 1) * dim));
  return { matrix, row, faces, queryList };
}

function openOptions(faces: () => FaceVector[], facesPerShard: number, calls = { loadAll: 0 }): OpenOrRebuildOptions {
  const all = faces();
  return {
    dir,
    modelVersion,
    dim,
    shardPlan: { facesPerShard, maxShards: 3 },
    catalogState: { count: all.length, lastFaceId: all.at(-1)?.faceId ?? 0 },
    loadAll: () => {
      calls.loadAll++;
      return faces();
    },
  };
}

const graphFiles = () =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.hnsw'))
    .sort();
const idsInFile = (file: string) => {
  const graph = new hnswlib.HierarchicalNSW('ip', dim);
  graph.readIndexSync(file);
  return graph.getIdsList();
};

describe('shard plan', () => {
  it('one shard up to facesPerShard, then one per facesPerShard, capped by maxShards', () => {
    const plan = { facesPerShard: 250_000, maxShards: 2 };
    expect([0, 1, 250_000, 250_001, 1_000_000].map((n) => shardCountFor(n, plan))).toEqual([1, 1, 1, 2, 2]);
    expect(shardCountFor(1_000_000, { facesPerShard: 250_000, maxShards: 4 })).toBe(4);
  });
});

describe('sharded VectorIndex', () => {
  it('builds 3 shards in worker threads; each file holds exactly its faces; search matches an exact scan; reopens without a rebuild', () => {
    const { matrix, row, faces, queryList } = library(900);
    const calls = { loadAll: 0 };
    const options = openOptions(faces, 300, calls);
    const { index, rebuiltBecause } = VectorIndex.openOrRebuild(options);
    expect(rebuiltBecause).toBe('no saved index');
    expect(index.shardCount).toBe(3);
    expect(graphFiles()).toEqual([0, 1, 2].map((shard) => `${modelVersion}.shard${shard}.hnsw`));
    for (let shard = 0; shard < 3; shard++) {
      const ids = idsInFile(vectorIndexPaths(dir, modelVersion).shardFile(shard));
      expect(ids).toHaveLength(300);
      expect(ids.every((id) => id % 3 === shard)).toBe(true);
    }

    const truth = exactSearchMany(matrix, dim, queryList, 10);
    let found = 0;
    queryList.forEach((query, q) => {
      const got = index.search(query, 10);
      expect(got.map((n) => n.similarity)).toEqual([...got.map((n) => n.similarity)].sort((a, b) => b - a));
      const ids = new Set(got.map((n) => n.faceId - 1));
      found += (truth[q] ?? []).filter((n) => ids.has(n.faceId)).length;
    });
    expect(found / (queryList.length * 10)).toBeGreaterThanOrEqual(0.99);

    const reopened = VectorIndex.openOrRebuild(options);
    expect(reopened.rebuiltBecause).toBeNull();
    expect(calls.loadAll).toBe(1);
    expect(reopened.index.shardCount).toBe(3);
    expect(reopened.index.search(row(500), 5)).toEqual(index.search(row(500), 5));
  });

  it('adds, deletes and saves per shard: a face lands in shard id % 3, and a k larger than one shard still gets k results', () => {
    const { row, faces } = library(30);
    const { index } = VectorIndex.openOrRebuild(openOptions(faces, 10));
    expect(index.shardCount).toBe(3);
    index.add(31, row(1));
    index.markDeleted(2);
    index.save();
    expect(idsInFile(vectorIndexPaths(dir, modelVersion).shardFile(31 % 3))).toContain(31);
    const all = index.search(row(1), 100);
    expect(all).toHaveLength(30);
    expect(all.map((n) => n.faceId)).not.toContain(2);
    expect(new Set(all.slice(0, 2).map((n) => n.faceId))).toEqual(new Set([1, 31]));
  });

  it('a damaged shard file is caught by its checksum and the whole index rebuilt', () => {
    const { row, faces } = library(90);
    VectorIndex.openOrRebuild(openOptions(faces, 30));
    const file = vectorIndexPaths(dir, modelVersion).shardFile(1);
    const bytes = readFileSync(file);
    bytes.fill(0xcd, 200, 600);
    writeFileSync(file, bytes);
    const reopened = VectorIndex.openOrRebuild(openOptions(faces, 30));
    expect(reopened.rebuiltBecause).toMatch(/shard1\.hnsw does not match its checksum/);
    expect(reopened.index.search(row(44), 1)[0]).toMatchObject({ faceId: 44 });
  });

  it('purge erases the forgotten faces in their shards: their bytes leave every file, older layouts included', () => {
    const { row, faces } = library(120);
    // An index of the older single-file layout, which may hold the faces about to be forgotten.
    const legacy = path.join(dir, `${modelVersion}.hnsw`);
    const single = VectorIndex.build({ dir, modelVersion, dim }, faces(), 120);
    single.save();
    writeFileSync(legacy, readFileSync(vectorIndexPaths(dir, modelVersion).shardFile(0)));

    const { index } = VectorIndex.openOrRebuild({ ...openOptions(faces, 40), catalogState: { count: 120, lastFaceId: 120 }, params: { efConstruction: 101 } });
    expect(index.shardCount).toBe(3);
    const bytesOf = (faceId: number) => Buffer.from(row(faceId).buffer, row(faceId).byteOffset, row(faceId).byteLength);
    const anyFileHolds = (faceId: number) => graphFiles().some((name) => readFileSync(path.join(dir, name)).includes(bytesOf(faceId)));
    expect(existsSync(legacy)).toBe(false);
    expect(graphFiles()).toHaveLength(3);
    expect(anyFileHolds(50)).toBe(true);

    index.purge([50, 51, 52]);
    expect(index.count).toBe(117);
    for (const faceId of [50, 51, 52]) expect(anyFileHolds(faceId)).toBe(false);
    expect(anyFileHolds(53)).toBe(true);
    expect(index.search(row(50), 117).map((n) => n.faceId)).not.toContain(50);
  });

  it('a build thread that fails is reported with its reason while the others finish', () => {
    const { faces } = library(20);
    const parts = partitionFaces(faces(), dim, 2, 20);
    const missing = path.join(dir, 'no-such-folder');
    expect(() => buildGraphFilesInWorkers(parts, dim, params, [path.join(dir, 'ok.hnsw'), path.join(missing, 'shard1.hnsw')])).toThrow(
      /shard 1 failed \(.*no-such-folder.*\)/,
    );
    expect(existsSync(path.join(dir, 'ok.hnsw'))).toBe(true);
  });

  const bundledWorker = path.resolve(import.meta.dirname, '../../out/main/vector-build-worker.js');
  if (!existsSync(bundledWorker))
    console.warn(`SKIPPED: ${bundledWorker} is missing; run \`npx electron-vite build\` (npm test does) to test the bundled worker`);
  it.skipIf(!existsSync(bundledWorker))('the worker electron-vite bundles builds a shard under plain Node', async () => {
    const { faces } = library(50);
    const [part] = partitionFaces(faces(), dim, 1, 50);
    const states = new SharedArrayBuffer(4);
    const file = path.join(dir, 'bundled.hnsw');
    const job: BuildJob = { faces: part!, dim, params, file, states, slot: 0, message: new SharedArrayBuffer(1024) };
    const worker = new Worker(bundledWorker, { workerData: job });
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(Atomics.load(new Int32Array(states), 0)).toBe(buildState.done);
    expect(idsInFile(file).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
