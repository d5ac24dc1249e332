/**
 * The engine while its face index is rebuilt: a library of 100k synthetic faces (the search
 * bench's, bench/synthetic-library.ts) opened without its index, as after a lost or damaged index
 * or a model change. A selfie search opens the index, which is built in a worker thread; until it
 * is ready the bench keeps calling the engine's API (as the UI would: status, the photo grid, the
 * timeline, people, events, and a selfie search now and then) and times each call, with how late a
 * 5 ms timer fires (the engine's thread held). Then the same calls once the index is ready.
 * Alone: `node --import tsx bench/index-catch-up.ts` (FACET_BENCH_CATCH_UP_FACES=100000).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openEngine } from '../src/main/api/engine';
import { libraryLayout } from '../src/main/catalog/layout';
import { StallProbe } from './stall-probe';
import { syntheticFaceLibrary } from './synthetic-library';
import { table } from './table';

type Engine = Awaited<ReturnType<typeof openEngine>>;

/** Pause between rounds of calls: a busy UI, not a load test. */
const pauseMs = 20;
/**
 * A selfie search at most this often (each decodes, detects and embeds a photo first). While the
 * index is rebuilt a search scans every face on the engine's thread (~0.8 s of CPU at 100k faces),
 * so how often someone searches decides much of what the other calls wait.
 */
const searchEveryMs = Number(process.env.FACET_BENCH_CATCH_UP_SEARCH_EVERY_MS ?? 10_000);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** A face photo: lfw10 when present, else a face-api demo photo (as the search bench). */
function selfie(): { fileName: string; base64: string } {
  const lfw = path.resolve('../shared/datasets/lfw10/Tony_Blair/Tony_Blair_0005.jpg');
  const file = existsSync(lfw) ? lfw : path.resolve('node_modules/@vladmandic/face-api/demo/sample2.jpg');
  return { fileName: path.basename(file), base64: readFileSync(file).toString('base64') };
}

class Latencies {
  readonly byCall = new Map<string, number[]>();

  async time<T>(call: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const value = await work();
    this.record(call, performance.now() - started);
    return value;
  }

  record(call: string, ms: number): void {
    this.byCall.set(call, [...(this.byCall.get(call) ?? []), ms]);
  }

  /** Every call but the whole selfie search, whose decode and detection are not the engine's index work. */
  apiCalls(): number[] {
    return [...this.byCall].flatMap(([call, times]) => (call.startsWith('searchBySelfie') ? [] : times));
  }
}

/** One round of what the UI asks while someone browses, and a selfie search when one is due. */
async function round(engine: Engine, latencies: Latencies, n: number, photos: number, searchDue: () => boolean): Promise<void> {
  const { api } = engine;
  await latencies.time('getStatus', () => api.getStatus({}));
  await latencies.time('listPhotos (200)', () => api.listPhotos({ offset: (n * 997) % Math.max(1, photos - 200), limit: 200 }));
  await latencies.time('getTimeline', () => api.getTimeline({}));
  await latencies.time('listPeople', () => api.listPeople({ includeHidden: false }));
  await latencies.time('listEvents', () => api.listEvents({}));
  if (searchDue()) await search(engine, latencies);
}

async function search(engine: Engine, latencies: Latencies): Promise<void> {
  const result = await latencies.time('searchBySelfie (whole: decode, detect, embed, search)', () =>
    engine.api.searchBySelfie({ images: [selfie()], scope: { kind: 'library' }, limit: 500 }),
  );
  latencies.record('searchBySelfie, of which the search (engine part)', result.timings.searchMs);
}

export async function runIndexCatchUpBench(): Promise<void> {
  const faces = Number(process.env.FACET_BENCH_CATCH_UP_FACES ?? 100_000);
  const { libraryDir } = await syntheticFaceLibrary(undefined, 'search', faces);
  // A copy without its vectors folder: the face index is missing.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'facet-bench-catch-up-'));
  const vectorsDir = libraryLayout(libraryDir).vectorsDir;
  cpSync(libraryDir, scratch, { recursive: true, filter: (source) => !source.startsWith(vectorsDir) });
  // The catalog backup an open library takes once quiet is left to the end: it is not the index's work.
  const engine = await openEngine({ libraryDir: scratch, watch: false, backups: { quietMs: 24 * 3_600_000 } });
  try {
    const photos = (await engine.api.getStatus({})).photos;
    const during = new Latencies();
    const stalls = new StallProbe();
    const started = performance.now();
    // The first search opens the index: it is missing, so a worker builds it.
    await search(engine, during);
    let rounds = 0;
    let lastSearch = performance.now();
    const searchDue = () => {
      if (performance.now() - lastSearch < searchEveryMs) return false;
      lastSearch = performance.now();
      return true;
    };
    while ((await engine.api.getStatus({})).faceIndexCatchingUp !== null) {
      await round(engine, during, ++rounds, photos, searchDue);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    const rebuildSeconds = (performance.now() - started) / 1000;
    const duringStalls = await stalls.stop();

    const after = new Latencies();
    const afterStalls = new StallProbe();
    for (let n = 0; n < 20; n++) await round(engine, after, n, photos, () => n % 10 === 0);
    const afterProbe = await afterStalls.stop();

    const ms = (value: number) => value.toFixed(1);
    const row = (call: string, times: readonly number[], phase: string) => [
      call,
      phase,
      times.length,
      ms(quantile(times, 0.5)),
      ms(quantile(times, 0.95)),
      ms(Math.max(...times)),
    ];
    table(
      `Engine API while the face index is rebuilt in a worker thread: ${faces} synthetic 512-d faces in ${photos} photos, ` +
        `index missing at open, ready after ${rebuildSeconds.toFixed(0)} s (${os.availableParallelism()} threads, ${os.cpus()[0]?.model ?? 'cpu'}); ` +
        `a selfie search every ${searchEveryMs / 1000} s at most, scanning every face exactly while the index is rebuilt`,
      ['call', 'index', 'runs', 'median ms', 'p95 ms', 'max ms'],
      [
        row('every API call but the whole selfie search', during.apiCalls(), 'rebuilding'),
        row('every API call but the whole selfie search', after.apiCalls(), 'ready'),
        ...[...during.byCall].flatMap(([call, times]) => [row(call, times, 'rebuilding'), row(call, after.byCall.get(call) ?? [NaN], 'ready')]),
        ['engine thread held (5 ms timer late by)', 'rebuilding', '', '', `${ms(duringStalls.p99StallMs)} (p99)`, ms(duringStalls.maxStallMs)],
        ['engine thread held (5 ms timer late by)', 'ready', '', '', `${ms(afterProbe.p99StallMs)} (p99)`, ms(afterProbe.maxStallMs)],
      ],
    );
  } finally {
    await engine.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runIndexCatchUpBench();
