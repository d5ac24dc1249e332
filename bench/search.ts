/**
 * Selfie search latency at library scale: 100k synthetic faces (clustered unit vectors, 2 per
 * photo) in a real catalog and HNSW index, then
 *   - engine search: query embedding -> ranked photos (SelfieSearch.rankPhotos), goal < 50 ms;
 *   - whole search: a real selfie decoded, detected, embedded and searched (searchBySelfie).
 * The seeded library and its index are cached (bench/synthetic-library.ts). Alone: `npx node --import tsx bench/search.ts`
 * (FACET_BENCH_SEARCH_FACES=100000, FACET_BENCH_SEARCH_QUERIES=200).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Catalog } from '../src/main/catalog/catalog';
import { libraryLayout } from '../src/main/catalog/layout';
import { BUNDLED_PACK_DIR } from '../src/main/ml/faces';
import { faceModelRef, readFacePack } from '../src/main/pipeline/face-pack';
import { FaceVectors } from '../src/main/search/face-vectors';
import { SelfieSearch } from '../src/main/search/selfie-search';
import { syntheticFaceLibrary, syntheticLibraryFaces } from './synthetic-library';

export interface SearchBenchOptions {
  faces?: number;
  queries?: number;
  /** Whole searches with a real selfie (each runs the detector and recognizer). */
  selfieRuns?: number;
  cacheDir?: string;
  write?: (text: string) => void;
}

export interface LatencyStats {
  runs: number;
  medianMs: number;
  p95Ms: number;
}

export interface SearchBenchResult {
  faces: number;
  photos: number;
  /** Opening the index (loading the cached one, or building it). */
  indexOpenSeconds: number;
  indexRebuiltBecause: string | null;
  engineSearch: LatencyStats & { meanMatches: number };
  wholeSearch: LatencyStats & { detectEmbedMedianMs: number; searchMedianMs: number };
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function stats(times: readonly number[]): LatencyStats {
  return { runs: times.length, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95) };
}

/** A face photo for the whole-search timing: lfw10 when present, else a face-api demo photo. */
function selfiePath(): string {
  const lfw = path.resolve('../shared/datasets/lfw10/Tony_Blair/Tony_Blair_0005.jpg');
  return existsSync(lfw) ? lfw : path.resolve('node_modules/@vladmandic/face-api/demo/sample2.jpg');
}

export async function runSearchBench(options: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const faces = options.faces ?? Number(process.env.FACET_BENCH_SEARCH_FACES ?? 100_000);
  const queries = options.queries ?? Number(process.env.FACET_BENCH_SEARCH_QUERIES ?? 200);
  const selfieRuns = options.selfieRuns ?? 20;
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const { libraryDir } = await syntheticFaceLibrary(options.cacheDir, 'search', faces);
  const layout = libraryLayout(libraryDir);
  const catalog = Catalog.open(layout.catalogFile);
  try {
    const pack = await readFacePack(BUNDLED_PACK_DIR);
    const model = faceModelRef(pack);
    const modelId = catalog.faces.modelId(model);
    const vectors = new FaceVectors({ catalog, dir: layout.vectorsDir, modelId: () => modelId });
    process.stderr.write('Opening the face index (a build takes minutes when not cached)\n');
    const opening = performance.now();
    const index = (await vectors.ready())!;
    const indexOpenSeconds = (performance.now() - opening) / 1000;

    const search = new SelfieSearch({ catalog, vectors, modelId: () => modelId, packDir: BUNDLED_PACK_DIR, tuning: () => pack.recognizer.tuning });
    const generator = syntheticLibraryFaces(model.dim, faces);
    const query = new Float32Array(model.dim);
    const times: number[] = [];
    let matches = 0;
    for (let q = 0; q < queries + 10; q++) {
      // New faces of known people: indices past the library's.
      generator.face(50_000_000 + q, query);
      const started = performance.now();
      const found = search.findPhotos(index, { direction: query, length: 1 }, { kind: 'library' }, 500, modelId).likely;
      if (q >= 10) {
        times.push(performance.now() - started);
        matches += found.length;
      }
    }
    const engineSearch = { ...stats(times), meanMatches: matches / queries };

    const image = { fileName: path.basename(selfiePath()), base64: readFileSync(selfiePath()).toString('base64') };
    const whole: number[] = [];
    const detect: number[] = [];
    const searchMs: number[] = [];
    for (let run = 0; run < selfieRuns + 2; run++) {
      const started = performance.now();
      const result = await search.search({ images: [image], scope: { kind: 'library' }, limit: 500 });
      if (run >= 2) {
        whole.push(performance.now() - started);
        detect.push(result.timings.detectEmbedMs);
        searchMs.push(result.timings.searchMs);
      }
    }
    const wholeSearch = { ...stats(whole), detectEmbedMedianMs: quantile(detect, 0.5), searchMedianMs: quantile(searchMs, 0.5) };
    vectors.close();

    const photos = (catalog.db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
    const result: SearchBenchResult = { faces, photos, indexOpenSeconds, indexRebuiltBecause: vectors.rebuiltBecause, engineSearch, wholeSearch };
    const ms = (value: number) => value.toFixed(1);
    write(
      `\nSelfie search, ${faces} synthetic faces in ${photos} photos (${os.availableParallelism()} threads, ${os.cpus()[0]?.model ?? 'cpu'}); ` +
        `index ${vectors.rebuiltBecause === null ? 'loaded' : 'built'} in ${indexOpenSeconds.toFixed(1)} s\n` +
        `| measure | runs | median ms | p95 ms | notes |\n|---|---|---|---|---|\n` +
        `| engine search (embedding -> ranked photos) | ${engineSearch.runs} | ${ms(engineSearch.medianMs)} | ${ms(engineSearch.p95Ms)} | ${engineSearch.meanMatches.toFixed(1)} photos per query; goal < 50 ms |\n` +
        `| whole search (decode + detect + embed + search) | ${wholeSearch.runs} | ${ms(wholeSearch.medianMs)} | ${ms(wholeSearch.p95Ms)} | ` +
        `detect+embed ${ms(wholeSearch.detectEmbedMedianMs)}, search ${ms(wholeSearch.searchMedianMs)} (median); selfie ${image.fileName} |\n`,
    );
    return result;
  } finally {
    catalog.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSearchBench();
