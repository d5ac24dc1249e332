/**
 * People at library scale, on a synthetic library (bench/synthetic-library.ts) through
 * PeopleService, the way the engine runs it:
 * - full clustering, twice side by side: with the k-NN phase in 30 ms slices (shipped) and in one
 *   piece: wall time and the longest the event loop, which serves every API call, was held (the
 *   clustering step runs in a worker thread in both);
 * - forgetting the largest person (on a copy of the library): erasing its vectors in place
 *   (shipped) against rebuilding the index without them (what forgetting did before).
 * Alone: `npx node --import tsx bench/people.ts` (FACET_BENCH_PEOPLE_FACES=20000).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Catalog } from '../src/main/catalog/catalog';
import { libraryLayout } from '../src/main/catalog/layout';
import { JobRunner } from '../src/main/jobs/job-runner';
import { BUNDLED_PACK_DIR } from '../src/main/ml/faces';
import { PeopleService } from '../src/main/people/service';
import { readFaceModelRef } from '../src/main/pipeline/face-pack';
import { FaceVectors } from '../src/main/search/face-vectors';
import { VectorIndex } from '../src/main/vectors/vector-index';
import { syntheticFaceLibrary } from './synthetic-library';
import { StallProbe } from './stall-probe';

export interface PeopleBenchOptions {
  faces?: number;
  cacheDir?: string;
  write?: (text: string) => void;
}

interface Run {
  label: string;
  seconds: number;
  people: number;
  unsorted: number;
  maxStallMs: number;
  p99StallMs: number;
}

interface ForgetRun {
  faces: number;
  forgetMs: number;
  maxStallMs: number;
  rebuildMs: number;
}

/** Forgets the largest person of a copy of the library, then times a rebuild of the index without its faces. */
async function forgetLargest(libraryDir: string, modelId: number): Promise<ForgetRun> {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'facet-bench-forget-'));
  try {
    cpSync(libraryDir, copy, { recursive: true });
    const layout = libraryLayout(copy);
    const catalog = Catalog.open(layout.catalogFile);
    try {
      const vectors = new FaceVectors({ catalog, dir: layout.vectorsDir, modelId: () => modelId });
      const index = (await vectors.ready())!;
      const jobs = new JobRunner(catalog);
      const service = new PeopleService({ catalog, layout, vectors, modelId: () => modelId, emit: () => {}, jobs });
      const api = service.api();
      const largest = (await api.listPeople({ includeHidden: true }))[0]!;
      const stalls = new StallProbe();
      const started = performance.now();
      const { faces } = await api.forgetPerson({ personId: largest.id });
      const forgetMs = performance.now() - started;
      const { maxStallMs } = await stalls.stop();
      await jobs.close();
      const remaining = catalog.faces.embeddings(modelId).map((face) => ({ faceId: face.id, vector: face.embedding }));
      const rebuildStarted = performance.now();
      VectorIndex.build({ dir: path.join(copy, 'rebuilt'), modelVersion: index.modelVersion, dim: index.dim }, remaining, remaining.length);
      const rebuildMs = performance.now() - rebuildStarted;
      vectors.close();
      return { faces, forgetMs, maxStallMs, rebuildMs };
    } finally {
      catalog.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export async function runPeopleBench(options: PeopleBenchOptions = {}): Promise<Run[]> {
  const faces = options.faces ?? Number(process.env.FACET_BENCH_PEOPLE_FACES ?? 20_000);
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const { libraryDir } = await syntheticFaceLibrary(options.cacheDir, 'people', faces);
  const layout = libraryLayout(libraryDir);
  const catalog = Catalog.open(layout.catalogFile);
  const runs: Run[] = [];
  const modelId = catalog.faces.modelId(await readFaceModelRef(BUNDLED_PACK_DIR));
  try {
    const vectors = new FaceVectors({ catalog, dir: layout.vectorsDir, modelId: () => modelId });
    process.stderr.write('Opening the face index (a build takes minutes when not cached)\n');
    await vectors.ready();
    for (const [label, neighbourSliceMs] of [
      ['k-NN in 30 ms slices (shipped)', 30],
      ['k-NN in one piece (clustering step still in its worker)', Number.POSITIVE_INFINITY],
    ] as const) {
      const jobs = new JobRunner(catalog);
      const service = new PeopleService({ catalog, layout, vectors, modelId: () => modelId, emit: () => {}, neighbourSliceMs, jobs });
      const stalls = new StallProbe();
      const started = performance.now();
      const counts = await service.recluster();
      const seconds = (performance.now() - started) / 1000;
      const { maxStallMs, p99StallMs } = await stalls.stop();
      await jobs.close();
      runs.push({ label, seconds, ...counts, maxStallMs, p99StallMs });
    }
    vectors.close();
  } finally {
    catalog.close();
  }
  process.stderr.write('Forgetting the largest person on a copy of the library\n');
  const forget = await forgetLargest(libraryDir, modelId);
  const [sliced, whole] = runs as [Run, Run];
  write(
    `\nFull clustering of ${faces} synthetic faces (${os.availableParallelism()} threads, ${os.cpus()[0]?.model ?? 'cpu'}): ` +
      `people ${sliced.people}, unsorted ${sliced.unsorted}\n` +
      `| run | wall s | longest event-loop stall ms | p99 stall ms |\n|---|---|---|---|\n` +
      runs.map((r) => `| ${r.label} | ${r.seconds.toFixed(1)} | ${r.maxStallMs.toFixed(0)} | ${r.p99StallMs.toFixed(0)} |\n`).join('') +
      `longest stall, one piece / slices: ${(whole.maxStallMs / sliced.maxStallMs).toFixed(0)}x; wall time, slices / one piece: ${(sliced.seconds / whole.seconds).toFixed(2)}x\n` +
      `\nForgetting the largest person (${forget.faces} faces)\n| way | ms |\n|---|---|\n` +
      `| forgetPerson, vectors erased in place (shipped; longest stall ${forget.maxStallMs.toFixed(0)} ms) | ${forget.forgetMs.toFixed(0)} |\n` +
      `| rebuilding the index without them (before) | ${forget.rebuildMs.toFixed(0)} |\n` +
      `rebuild / erase: ${(forget.rebuildMs / forget.forgetMs).toFixed(0)}x\n`,
  );
  return runs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPeopleBench();
