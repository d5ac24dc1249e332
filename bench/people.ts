/**
 * Full clustering of a synthetic library (bench/synthetic-library.ts) through PeopleService, the
 * way the engine runs it, twice side by side: with the k-NN phase in 30 ms slices (shipped) and in
 * one piece (as before slicing). Reports the run's wall time and the longest the event loop, which
 * serves every API call, was held. Alone: `npx node --import tsx bench/people.ts`
 * (FACET_BENCH_PEOPLE_FACES=20000).
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Catalog } from '../src/main/catalog/catalog';
import { libraryLayout } from '../src/main/catalog/layout';
import { BUNDLED_PACK_DIR } from '../src/main/ml/faces';
import { PeopleService } from '../src/main/people/service';
import { readFaceModelRef } from '../src/main/pipeline/face-pack';
import { FaceVectors } from '../src/main/search/face-vectors';
import { syntheticFaceLibrary } from './synthetic-library';

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

/**
 * How late a 5 ms timer fires, tick after tick: the wait an API call arriving at that moment would
 * have had before the engine could start on it.
 */
const probePeriodMs = 5;

class StallProbe {
  private readonly lateness: number[] = [];
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.lateness.push(Math.max(0, now - this.last - probePeriodMs));
    this.last = now;
  }, probePeriodMs);

  async stop(): Promise<{ maxStallMs: number; p99StallMs: number }> {
    // The stall that ends with the run is recorded when the timer next fires.
    await new Promise((resolve) => setTimeout(resolve, 2 * probePeriodMs));
    clearInterval(this.timer);
    const sorted = [...this.lateness].sort((a, b) => a - b);
    return { maxStallMs: sorted.at(-1) ?? 0, p99StallMs: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0 };
  }
}

export async function runPeopleBench(options: PeopleBenchOptions = {}): Promise<Run[]> {
  const faces = options.faces ?? Number(process.env.FACET_BENCH_PEOPLE_FACES ?? 20_000);
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const { libraryDir } = await syntheticFaceLibrary(options.cacheDir, 'people', faces);
  const layout = libraryLayout(libraryDir);
  const catalog = Catalog.open(layout.catalogFile);
  const runs: Run[] = [];
  try {
    const modelId = catalog.faces.modelId(await readFaceModelRef(BUNDLED_PACK_DIR));
    const vectors = new FaceVectors({ catalog, dir: layout.vectorsDir, modelId: () => modelId });
    process.stderr.write('Opening the face index (a build takes minutes when not cached)\n');
    vectors.current();
    for (const [label, neighbourSliceMs] of [
      ['k-NN in 30 ms slices (shipped)', 30],
      ['k-NN in one piece', Number.POSITIVE_INFINITY],
    ] as const) {
      const service = new PeopleService({ catalog, layout, vectors, modelId: () => modelId, emit: () => {}, neighbourSliceMs });
      const stalls = new StallProbe();
      const started = performance.now();
      const counts = await service.recluster();
      const seconds = (performance.now() - started) / 1000;
      const { maxStallMs, p99StallMs } = await stalls.stop();
      service.close();
      runs.push({ label, seconds, ...counts, maxStallMs, p99StallMs });
    }
    vectors.close();
  } finally {
    catalog.close();
  }
  const [sliced, whole] = runs as [Run, Run];
  write(
    `\nFull clustering of ${faces} synthetic faces (${os.availableParallelism()} threads, ${os.cpus()[0]?.model ?? 'cpu'}): ` +
      `people ${sliced.people}, unsorted ${sliced.unsorted}\n` +
      `| run | wall s | longest event-loop stall ms | p99 stall ms |\n|---|---|---|---|\n` +
      runs.map((r) => `| ${r.label} | ${r.seconds.toFixed(1)} | ${r.maxStallMs.toFixed(0)} | ${r.p99StallMs.toFixed(0)} |\n`).join('') +
      `longest stall, one piece / slices: ${(whole.maxStallMs / sliced.maxStallMs).toFixed(0)}x; wall time, slices / one piece: ${(sliced.seconds / whole.seconds).toFixed(2)}x\n`,
  );
  return runs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPeopleBench();
