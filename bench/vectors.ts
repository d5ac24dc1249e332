/**
 * Vector search benchmark: the hnswlib index against exact brute force (recall) and against the
 * seed design's SQL scan with a JS cosine function (speed), on synthetic clustered faces shaped like
 * the default pack's embeddings (512-d ArcFace for pack v2).
 * Built indexes and ground truth are cached under .cache/bench/vectors and reused across runs.
 * Alone: `npx node --import tsx bench/vectors.ts`, or `npm run bench -- vectors`, which reads the same
 * variables (FACET_BENCH_VECTOR_SIZES=10000,100000,1000000; sizes over 200k are only built when
 * FACET_BENCH_VECTOR_MAX_BUILD allows it: at 1M ~22 min at 512-d (extrapolated), 48 min at 1024-d on 2 cores;
 * FACET_BENCH_VECTOR_SHARDS=1,2 measures those shard counts side by side instead of the default plan;
 * FACET_BENCH_VECTOR_SHAPE=faceres-v1 draws pack v1's 1024-d faces (the shape by name, see
 * calibratedFaceShapes); =isotropic spreads faces and people evenly over all dimensions, the hardest
 * case; =0.77,0,0.5 names a shape by noiseDecay,centreDecay,sharedWeight[,noise energy low,high];
 * FACET_BENCH_VECTOR_DIM=1024 sets the size of a shape that is not calibrated).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { facePackDir, readFacePack } from '../src/main/pipeline/face-pack';
import { similarityAt } from '../src/main/search/calibration';
import { exactSearch, exactSearchMany, type Neighbor } from '../src/main/vectors/exact-search';
import { defaultHnswParams, facesPerEfSearchStep, shardCountFor, VectorIndex, vectorIndexPaths, type HnswParams } from '../src/main/vectors/vector-index';
import {
  calibratedFaceShapes,
  calibratedShape,
  createFaceGenerator,
  faceShapeName,
  generateFaces,
  identityCountFor,
  isotropicFaceShape,
  realFaceShape,
  shapeParameters,
  type FaceGenerator,
  type FaceShape,
} from './vectors-synthetic';

export interface VectorBenchOptions {
  /** Library sizes; default 10k and 100k. */
  sizes?: number[];
  /** Queries for recall and latency (new faces of known identities). */
  queries?: number;
  /** Queries timed on the SQL scan, which is O(n) per query. */
  sqlQueries?: (size: number) => number;
  params?: HnswParams;
  efSweep?: number[];
  /** Also build each of these (M, efConstruction) at `buildSweepSize` to compare graph parameters. */
  buildSweep?: { m: number; efConstruction: number }[];
  buildSweepSize?: number;
  /** Shard counts to measure at each size; default: what the index itself would choose here. */
  shardCounts?: (size: number) => number[];
  /** Sizes above this are not built when no cached index exists; their build time is extrapolated. */
  maxBuildSize?: number;
  cacheDir?: string;
  seed?: number;
  /** How the synthetic faces spread (see vectors-synthetic.ts); default: calibrated on the default pack's real embeddings. */
  shape?: FaceShape;
  /** Embedding size for a shape that is not calibrated (a calibrated one has its recognizer's); default: the default pack's. */
  dim?: number;
  write?: (text: string) => void;
}

const k = 10;
/** Face indices of queries start here: past every library size, so queries are never in the index. */
const queryStart = 50_000_000;

const mib = (bytes: number) => bytes / (1 << 20);
const fixed = (value: number, digits = 2) => value.toFixed(digits);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function recall(got: readonly Neighbor[][], truth: readonly Neighbor[][]): number {
  let found = 0;
  got.forEach((result, q) => {
    const ids = new Set(result.map((n) => n.faceId));
    found += (truth[q] as Neighbor[]).filter((n) => ids.has(n.faceId)).length;
  });
  return found / (truth.length * k);
}

/**
 * Below the cosine of this confidence, as selfie search computes it from the recognizer's own
 * calibration (src/main/search/calibration.ts; a match is p >= 0.5), two faces are not taken for
 * one person by any threshold the search uses. With the tunings of pack v2 this is cosine 0.23
 * (matches from 0.37), with pack v1's 0.56 (matches from 0.63); the bench prints the one it used.
 */
const possibleMatchConfidence = 0.05;

/**
 * Recall over the true top-10 neighbours that could be the same person. A person with 3 faces has
 * 7 strangers in their exact top-10, ordered by cosines of 0.1-0.2 that no search ever shows;
 * this is the part of recall@10 that a selfie search depends on.
 */
function matchRecall(got: readonly Neighbor[][], truth: readonly Neighbor[][], possibleMatch: number): string {
  let wanted = 0;
  let found = 0;
  got.forEach((result, q) => {
    const ids = new Set(result.map((n) => n.faceId));
    const matches = (truth[q] as Neighbor[]).filter((n) => n.similarity >= possibleMatch);
    wanted += matches.length;
    found += matches.filter((n) => ids.has(n.faceId)).length;
  });
  return wanted === 0 ? '—' : fixed(found / wanted, 4);
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

function rows(matrix: Float32Array, count: number, dim: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => matrix.subarray(i * dim, (i + 1) * dim));
}

class Report {
  constructor(private readonly write: (text: string) => void) {}
  table(title: string, header: string[], body: (string | number)[][]): void {
    this.write(`\n${title}\n\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
    for (const row of body) this.write(`| ${row.join(' | ')} |\n`);
  }
  line(text: string): void {
    this.write(`${text}\n`);
  }
}

/** Library faces get ids 1..n (row + 1); exact results are mapped to the same ids. */
function groundTruth(cacheDir: string, size: number, data: string, matrix: Float32Array, dim: number, queries: Float32Array[]): Neighbor[][] {
  const file = path.join(cacheDir, `truth-n${size}-q${queries.length}-${data}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Neighbor[][];
  const ids = Int32Array.from({ length: size }, (_, row) => row + 1);
  const truth = exactSearchMany(matrix, dim, queries, k, ids);
  writeFileSync(file, JSON.stringify(truth));
  return truth;
}

interface BuiltIndex {
  index: VectorIndex;
  buildSeconds: number;
  fileMiB: number;
  rssDeltaMiB: number;
  cached: boolean;
}

function benchModelVersion(size: number, data: string, params: HnswParams, shards: number): string {
  return `bench-n${size}-${data}-m${params.m}-efc${params.efConstruction}-s${shards}`;
}

function graphFilesMiB(cacheDir: string, modelVersion: string): number {
  const { isGraphFileName } = vectorIndexPaths(cacheDir, modelVersion);
  return mib(
    readdirSync(cacheDir)
      .filter(isGraphFileName)
      .reduce((bytes, name) => bytes + statSync(path.join(cacheDir, name)).size, 0),
  );
}

function openBenchIndex(cacheDir: string, size: number, data: string, params: HnswParams, shards: number, matrix: Float32Array, dim: number): BuiltIndex {
  const modelVersion = benchModelVersion(size, data, params, shards);
  const metaFile = path.join(cacheDir, `${modelVersion}.build.json`);
  const rssBefore = process.memoryUsage().rss;
  const { value, ms } = timed(() =>
    VectorIndex.openOrRebuild({
      dir: cacheDir,
      modelVersion,
      dim,
      params,
      shardPlan: { facesPerShard: Math.ceil(size / shards), maxShards: shards },
      catalogState: { count: size, lastFaceId: size },
      // Stands in for the catalog's embedding reads (which add a few microseconds per row).
      loadSome: (faceIds) => faceIds.map((faceId) => ({ faceId, vector: matrix.subarray((faceId - 1) * dim, faceId * dim) })),
      loadAll: () => rows(matrix, size, dim).map((vector, row) => ({ faceId: row + 1, vector })),
    }),
  );
  const rssDeltaMiB = mib(process.memoryUsage().rss - rssBefore);
  const cached = value.rebuiltBecause === null;
  if (!cached) writeFileSync(metaFile, JSON.stringify({ buildSeconds: ms / 1000 }));
  const buildSeconds = (JSON.parse(readFileSync(metaFile, 'utf8')) as { buildSeconds: number }).buildSeconds;
  const fileMiB = graphFilesMiB(cacheDir, modelVersion);
  return { index: value.index, buildSeconds, fileMiB, rssDeltaMiB, cached };
}

function searchAll(index: VectorIndex, queries: Float32Array[]): { results: Neighbor[][]; latencies: number[] } {
  const latencies: number[] = [];
  const results = queries.map((query) => {
    const { value, ms } = timed(() => index.search(query, k));
    latencies.push(ms);
    return value;
  });
  return { results, latencies };
}

/** The seed design: embeddings as BLOBs, every query a full scan through a JS cosine function. */
function sqlScan(
  size: number,
  matrix: Float32Array,
  dim: number,
  queries: Float32Array[],
): { loadSeconds: number; latencies: number[]; results: Neighbor[][] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'facet-bench-sql-'));
  try {
    const db = new Database(path.join(dir, 'faces.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE faces (id INTEGER PRIMARY KEY, embedding BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO faces (id, embedding) VALUES (?, ?)');
    const load = timed(() =>
      db.transaction(() => {
        for (let row = 0; row < size; row++) insert.run(row + 1, Buffer.from(matrix.buffer, matrix.byteOffset + row * dim * 4, dim * 4));
      })(),
    );
    const floats = (blob: Buffer) =>
      blob.byteOffset % 4 === 0 ? new Float32Array(blob.buffer, blob.byteOffset, blob.length / 4) : new Float32Array(new Uint8Array(blob).buffer);
    db.function('cosine', { deterministic: true }, (a: unknown, b: unknown) => {
      const x = floats(a as Buffer);
      const y = floats(b as Buffer);
      let dot = 0;
      for (let i = 0; i < x.length; i++) dot += (x[i] as number) * (y[i] as number);
      return dot;
    });
    const select = db.prepare<[Buffer], { id: number; s: number }>('SELECT id, cosine(embedding, ?) AS s FROM faces ORDER BY s DESC LIMIT 10');
    const latencies: number[] = [];
    const results = queries.map((query) => {
      const { value, ms } = timed(() => select.all(Buffer.from(query.buffer, query.byteOffset, query.byteLength)));
      latencies.push(ms);
      return value.map(({ id, s }) => ({ faceId: id, similarity: s }));
    });
    db.close();
    return { loadSeconds: load.ms / 1000, latencies, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function similarityShape(generator: FaceGenerator): string {
  const { dim } = generator;
  const { matrix, identities } = generateFaces(generator, 0, 2000);
  const same: number[] = [];
  const different: number[] = [];
  for (let a = 0; a < 2000; a++) {
    for (let b = a + 1; b < 2000; b++) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += (matrix[a * dim + i] as number) * (matrix[b * dim + i] as number);
      (identities[a] === identities[b] ? same : different).push(dot);
    }
  }
  const spread = (xs: number[]) => `${fixed(quantile(xs, 0.05))} / ${fixed(quantile(xs, 0.5))} / ${fixed(quantile(xs, 0.95))}`;
  return `cosine p5/p50/p95: same identity ${spread(same)}, different identities ${spread(different)}`;
}

export async function runVectorBench(options: VectorBenchOptions = {}): Promise<void> {
  const sizes = options.sizes ?? [10_000, 100_000];
  const queryCount = options.queries ?? 300;
  const sqlQueries = options.sqlQueries ?? ((size: number) => (size >= 1_000_000 ? 5 : 20));
  const params = options.params ?? { ...defaultHnswParams };
  const efSweep = options.efSweep ?? [32, 64, 128, 256, 512, 1024];
  const maxBuildSize = options.maxBuildSize ?? 200_000;
  const shardCounts = options.shardCounts ?? ((size: number) => [shardCountFor(size)]);
  const seed = options.seed ?? 1;
  const shape = options.shape ?? realFaceShape;
  const calibrated = calibratedFaceShapes.find((known) => known === shape);
  const dim = calibrated?.dim ?? options.dim ?? realFaceShape.dim;
  // The recognizer these faces stand for: its similarity calibration says which neighbours could be one person.
  const { recognizer } = await readFacePack(facePackDir(undefined, (calibrated ?? realFaceShape).pack));
  const possibleMatch = similarityAt(recognizer.tuning.similarity, possibleMatchConfidence);
  /** Names the synthetic data in cache file names (1024-d data keeps the names it had before the size was a choice). */
  const data = `seed${seed}-${dim === 1024 ? '' : `d${dim}-`}${faceShapeName(shape)}`;
  const cacheDir = path.resolve(options.cacheDir ?? '.cache/bench/vectors');
  const report = new Report(options.write ?? ((text) => process.stdout.write(text)));
  mkdirSync(cacheDir, { recursive: true });
  const progress = (text: string) => process.stderr.write(`[vectors] ${text}\n`);

  const main: (string | number)[][] = [];
  const sweep: (string | number)[][] = [];
  const scoped: (string | number)[][] = [];
  const builds: (string | number)[][] = [];
  let lastBuildMsPerFace: { size: number; ms: number } | undefined;
  let similarities = '';

  for (const size of sizes) {
    const generator = createFaceGenerator({ dim, identityCount: identityCountFor(size), seed, shape });
    if (!similarities) similarities = similarityShape(generator);
    progress(`n=${size}: generating faces`);
    const { matrix } = generateFaces(generator, 0, size);
    const queries = rows(generateFaces(generator, queryStart, queryCount).matrix, queryCount, dim);
    const measured = shardCounts(size).filter(
      (shards) => size <= maxBuildSize || existsSync(vectorIndexPaths(cacheDir, benchModelVersion(size, data, params, shards)).sidecarFile),
    );
    // Without an index only the SQL results need checking, so only those queries get ground truth.
    const truthQueries = measured.length > 0 ? queries : queries.slice(0, sqlQueries(size));
    progress(`n=${size}: ground truth for ${truthQueries.length} queries`);
    const truth = groundTruth(cacheDir, size, data, matrix, dim, truthQueries);
    const exactMs = quantile(
      [0, 1, 2].map((q) => timed(() => exactSearch(matrix, dim, queries[q] as Float32Array, k)).ms),
      0.5,
    );

    const indexRows: { shards: number | string; cells: (string | number)[]; p50?: number }[] = [];
    for (const shards of measured) {
      progress(`n=${size}: opening or building the index in ${shards} shard(s) (M=${params.m}, efConstruction=${params.efConstruction})`);
      const built = openBenchIndex(cacheDir, size, data, params, shards, matrix, dim);
      if (shards === 1) lastBuildMsPerFace = { size, ms: (built.buildSeconds * 1000) / size };
      const { results, latencies } = searchAll(built.index, queries);
      const p50 = quantile(latencies, 0.5);
      progress(
        `n=${size}, ${shards} shard(s), efSearch ${built.index.efSearch}: recall@10 ${fixed(recall(results, truth), 4)}, p95 ${fixed(quantile(latencies, 0.95))} ms`,
      );
      indexRows.push({
        shards,
        p50,
        cells: [
          built.index.efSearch,
          `${fixed(built.buildSeconds, 0)}${built.cached ? ' (cached)' : ''}`,
          fixed(built.fileMiB, 0),
          built.cached ? '—' : fixed(built.rssDeltaMiB, 0),
          fixed(recall(results, truth), 4),
          matchRecall(results, truth, possibleMatch),
          fixed(p50),
          fixed(quantile(latencies, 0.95)),
        ],
      });
      for (const ef of efSweep) {
        built.index.setEfSearch(ef);
        const run = searchAll(built.index, queries);
        sweep.push([
          size,
          shards,
          ef,
          fixed(recall(run.results, truth), 4),
          matchRecall(run.results, truth, possibleMatch),
          fixed(quantile(run.latencies, 0.5)),
          fixed(quantile(run.latencies, 0.95)),
        ]);
      }
      built.index.setEfSearch(null);
      if (shards === shardCountFor(size)) scoped.push(...scopedRows(built.index, size, matrix, queries.slice(0, 50)));
    }
    if (measured.length === 0) {
      const extrapolated = lastBuildMsPerFace
        ? `~${fixed((lastBuildMsPerFace.ms * size) / 1000, 0)} EXTRAPOLATED (${fixed(lastBuildMsPerFace.ms)} ms/face at ${lastBuildMsPerFace.size} in one shard)`
        : 'not built';
      indexRows.push({ shards: '—', cells: ['—', extrapolated, '—', '—', '—', '—', '—', '—'] });
    }

    progress(`n=${size}: SQL scan`);
    const sql = sqlScan(size, matrix, dim, queries.slice(0, sqlQueries(size)));
    const sqlP50 = quantile(sql.latencies, 0.5);
    const sqlRecall = recall(sql.results, truth.slice(0, sql.results.length));
    for (const { shards, cells, p50 } of indexRows) {
      main.push([
        size,
        shards,
        ...cells,
        fixed(exactMs, 1),
        `${fixed(sqlP50, 0)} (${sql.latencies.length} q, recall ${fixed(sqlRecall, 2)}, load ${fixed(sql.loadSeconds, 0)} s)`,
        p50 === undefined ? '—' : `${fixed(sqlP50 / p50, 0)}x`,
      ]);
    }
  }

  for (const { m, efConstruction } of options.buildSweep ?? []) {
    const size = options.buildSweepSize ?? 10_000;
    const generator = createFaceGenerator({ dim, identityCount: identityCountFor(size), seed, shape });
    const { matrix } = generateFaces(generator, 0, size);
    const queries = rows(generateFaces(generator, queryStart, queryCount).matrix, queryCount, dim);
    const truth = groundTruth(cacheDir, size, data, matrix, dim, queries);
    progress(`build sweep n=${size}: M=${m} efConstruction=${efConstruction}`);
    const built = openBenchIndex(cacheDir, size, data, { m, efConstruction, efSearch: params.efSearch }, 1, matrix, dim);
    for (const ef of [32, 64, 128]) {
      built.index.setEfSearch(ef);
      const run = searchAll(built.index, queries);
      builds.push([
        size,
        m,
        efConstruction,
        fixed((built.buildSeconds * 1000) / size),
        fixed(built.fileMiB, 0),
        ef,
        fixed(recall(run.results, truth), 4),
        fixed(quantile(run.latencies, 0.5)),
        fixed(quantile(run.latencies, 0.95)),
      ]);
    }
  }

  const shapeNote = calibrated ? ` (${calibrated.name}: calibrated on real ${calibrated.pack} embeddings)` : shape === isotropicFaceShape ? ' (isotropic)' : '';
  report.line(
    `\nVector search: synthetic ${dim}-d faces, ~25 per identity, shape ${JSON.stringify(shapeParameters(shape))}${shapeNote}; ${similarities}. ` +
      `${queryCount} queries of unseen faces, k=${k}; match recall counts true neighbours with cosine >= ${fixed(possibleMatch)}.`,
  );
  report.line(
    `${os.availableParallelism()} threads (${os.cpus()[0]?.model ?? 'cpu'}); one build thread per shard, every query searches every shard; M=${params.m} efConstruction=${params.efConstruction}, efSearch ${params.efSearch} per ${facesPerEfSearchStep / 1000}k faces of the largest shard.`,
  );
  report.table(
    'HNSW vs exact scan vs SQL scan (times in ms unless noted)',
    [
      'faces',
      'shards',
      'efSearch',
      'build+save s',
      'index MiB',
      'build RSS +MiB',
      'recall@10',
      'match recall@10',
      'p50',
      'p95',
      'exact JS scan p50',
      'SQL scan p50',
      'SQL / HNSW p50',
    ],
    main,
  );
  report.table('efSearch sweep (query-time only)', ['faces', 'shards', 'efSearch', 'recall@10', 'match recall@10', 'p50 ms', 'p95 ms'], sweep);
  report.table(
    'Scoped search (searchWithin): exact scan of the scope vs filtered graph walk',
    ['faces', 'scope', 'path', 'recall@10', 'p50 ms', 'p95 ms'],
    scoped,
  );
  if (builds.length > 0) {
    report.table('Graph parameters', ['faces', 'M', 'efConstruction', 'build ms/face', 'index MiB', 'efSearch', 'recall@10', 'p50 ms', 'p95 ms'], builds);
  }
}

/** Random scopes of several sizes, searched by both paths of `searchWithin`. */
function scopedRows(index: VectorIndex, size: number, matrix: Float32Array, queries: Float32Array[]): (string | number)[][] {
  const { dim } = index;
  const out: (string | number)[][] = [];
  const shipped = index.exactScope;
  for (const scopeSize of [200, 2000, 10_000, 50_000].filter((s) => s < size)) {
    // Every 'stride'-th face: a scope spread over all identities, like the faces of a date range.
    const stride = Math.floor(size / scopeSize);
    const scope = Array.from({ length: scopeSize }, (_, i) => i * stride + 1);
    const scopeMatrix = new Float32Array(scopeSize * dim);
    scope.forEach((id, row) => scopeMatrix.set(matrix.subarray((id - 1) * dim, id * dim), row * dim));
    const truth = exactSearchMany(scopeMatrix, dim, queries, k, scope);
    index.exactScope = shipped;
    const chosen = index.scansExactly(scopeSize) ? 'exact' : 'filtered graph';
    const paths = [
      ['exact', { faces: Infinity, share: 0 }],
      ['filtered graph', { faces: 0, share: 0 }],
    ] as const;
    // Past 200k faces only the path searchWithin takes is timed: a filtered walk for a tiny scope of a huge graph takes minutes.
    for (const [pathName, exactScope] of size > 200_000 ? paths.filter(([name]) => name === chosen) : paths) {
      index.exactScope = exactScope;
      const latencies: number[] = [];
      const results = queries.map((query) => {
        const { value, ms } = timed(() => index.searchWithin(query, k, scope));
        latencies.push(ms);
        return value;
      });
      const label = pathName === chosen ? `${pathName} (chosen)` : pathName;
      out.push([size, scopeSize, label, fixed(recall(results, truth), 4), fixed(quantile(latencies, 0.5)), fixed(quantile(latencies, 0.95))]);
    }
  }
  index.exactScope = shipped;
  return out;
}

function shapeFromEnv(value: string | undefined): FaceShape | undefined {
  if (value === undefined || value === 'real') return undefined;
  if (value === 'isotropic') return isotropicFaceShape;
  if (!/^[\d.,]+$/.test(value)) return calibratedShape(value);
  const [noiseDecay, centreDecay, sharedWeight, low = 0.3, high = 0.6] = value.split(',').map(Number);
  if ([noiseDecay, centreDecay, sharedWeight, low, high].some((n) => n === undefined || !Number.isFinite(n))) {
    throw new Error(
      `FACET_BENCH_VECTOR_SHAPE=${value}: expected real, isotropic, a calibrated shape's name or noiseDecay,centreDecay,sharedWeight[,noiseEnergyLow,noiseEnergyHigh]`,
    );
  }
  return { noiseDecay, centreDecay, sharedWeight, noiseEnergy: [low, high] } as FaceShape;
}

/** The options the FACET_BENCH_VECTOR_* variables ask for (see the top of this file): `npm run bench -- vectors` and this file alone read the same. */
export function vectorBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): VectorBenchOptions {
  const number = (value: string | undefined) => (value ? Number(value) : undefined);
  const sweep = env.FACET_BENCH_VECTOR_BUILD_SWEEP; // e.g. "16:100,16:200,32:200@10000"
  const [pairs, sweepSize] = sweep?.split('@') ?? [];
  return {
    sizes: env.FACET_BENCH_VECTOR_SIZES?.split(',').map(Number),
    queries: number(env.FACET_BENCH_VECTOR_QUERIES),
    buildSweep: pairs?.split(',').map((pair) => {
      const [m, efConstruction] = pair.split(':').map(Number);
      return { m: m as number, efConstruction: efConstruction as number };
    }),
    buildSweepSize: number(sweepSize),
    maxBuildSize: number(env.FACET_BENCH_VECTOR_MAX_BUILD),
    shape: shapeFromEnv(env.FACET_BENCH_VECTOR_SHAPE),
    dim: number(env.FACET_BENCH_VECTOR_DIM),
    shardCounts: env.FACET_BENCH_VECTOR_SHARDS ? () => (env.FACET_BENCH_VECTOR_SHARDS as string).split(',').map(Number) : undefined,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runVectorBench(vectorBenchOptionsFromEnv());
