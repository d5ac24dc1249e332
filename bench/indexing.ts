// Indexing throughput against a decode-only floor, each pass in its own process (own peak RSS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBenchLibrary } from './library';
import { table } from './table';

const photoCount = Number(process.env.FACET_BENCH_PHOTOS ?? 500);
/** `FACET_BENCH_INDEXING_FACES=off` leaves out the faces-on pass (minutes at 12 MP) while tuning the rest. */
const withFaces = process.env.FACET_BENCH_INDEXING_FACES !== 'off';
const libraryFolder = path.resolve('.cache/bench/photos-12mp');

interface PhaseResult {
  phase: string;
  photos: number;
  seconds: number;
  /** CPU time of the phase's process: less sensitive than elapsed time to other work on the machine. */
  cpuSeconds: number;
  peakRssMiB: number;
  /** Milliseconds per stage summed over files and threads (src/main/pipeline/stage-times.ts); empty for the floor. */
  stageMs: Record<string, number>;
}

function runPhase(args: string[]): PhaseResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('bench/phases.ts'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`bench phase ${args[0]} failed (${child.status})`);
  return JSON.parse(line) as PhaseResult;
}

export async function runIndexingBench(): Promise<void> {
  process.stderr.write(`Preparing ${photoCount} photos at 12 MP in ${libraryFolder}\n`);
  await ensureBenchLibrary(libraryFolder, photoCount);

  const indexInScratch = (phase: string) => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'facet-bench-'));
    try {
      return runPhase([phase, libraryFolder, scratch]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  };
  const decode = runPhase(['decode', libraryFolder]);
  const index = indexInScratch('index');
  const indexWithFaces = withFaces ? [indexInScratch('index-faces'), indexInScratch('index-small-faces')] : [];

  const rate = (r: PhaseResult) => r.photos / r.seconds;
  const cpuPerPhoto = (r: PhaseResult) => (r.cpuSeconds * 1000) / r.photos;
  const passNames: Record<string, string> = {
    decode: 'decode only (floor)',
    index: 'full indexing, faces off',
    'index-faces': 'full indexing, faces on (default detection)',
    'index-small-faces': 'full indexing, faces on, find very small faces',
  };
  table(
    `Indexing ${photoCount} JPEGs at 4000x3000 (each with a real group photo inside), ` +
      `${os.availableParallelism()} threads (${os.cpus()[0]?.model ?? 'cpu'})`,
    ['pass', 'photos', 'seconds', 'photos/s', 'vs decode-only', 'CPU ms per photo', 'CPU vs decode-only', 'peak RSS MiB'],
    [decode, index, ...indexWithFaces].map((r) => [
      passNames[r.phase] ?? r.phase,
      r.photos,
      r.seconds.toFixed(1),
      rate(r).toFixed(2),
      (rate(r) / rate(decode)).toFixed(2),
      cpuPerPhoto(r).toFixed(0),
      (cpuPerPhoto(decode) / cpuPerPhoto(r)).toFixed(2),
      r.peakRssMiB.toFixed(0),
    ]),
  );
  for (const pass of [index, ...indexWithFaces]) printStageShares(passNames[pass.phase] ?? pass.phase, pass);
  if (indexWithFaces.length > 0) printUsersNumber(decode, [index, ...indexWithFaces], passNames);
}

/** Issue 11's targets: faces on (default detection) at 0.25x the decode floor or better, peak RSS under 1.5 GB. */
const FACES_ON_TARGET = 0.25;
const PEAK_RSS_TARGET_MIB = 1536;

/** What a user waits for: hours to index 10k and 100k such photos on this machine, each pass beside the floor. */
function printUsersNumber(decode: PhaseResult, passes: PhaseResult[], names: Record<string, string>): void {
  const rate = (r: PhaseResult) => r.photos / r.seconds;
  const hours = (r: PhaseResult, photos: number) => (photos / rate(r) / 3600).toFixed(1);
  // Elapsed time follows whatever else the machine runs; CPU time spread over every core does not.
  const cpuHours = (r: PhaseResult, photos: number) => (((r.cpuSeconds / r.photos) * photos) / os.availableParallelism() / 3600).toFixed(1);
  table(
    `Projected time for a library of such photos on this machine (${os.availableParallelism()} threads): elapsed as measured, ` +
      `and from CPU time with every core busy`,
    ['pass', 'photos/s', 'vs decode-only', 'hours for 10k photos', 'hours for 100k photos', 'hours for 10k (CPU)', 'hours for 100k (CPU)', 'peak RSS MiB'],
    [decode, ...passes].map((r) => [
      names[r.phase] ?? r.phase,
      rate(r).toFixed(2),
      (rate(r) / rate(decode)).toFixed(2),
      hours(r, 10_000),
      hours(r, 100_000),
      cpuHours(r, 10_000),
      cpuHours(r, 100_000),
      r.peakRssMiB.toFixed(0),
    ]),
  );
  const faces = passes.find((r) => r.phase === 'index-faces');
  if (!faces) return;
  const ratio = rate(faces) / rate(decode);
  process.stdout.write(
    `\nfaces on, default detection: ${ratio.toFixed(2)}x the decode floor (target >= ${FACES_ON_TARGET}: ${ratio >= FACES_ON_TARGET ? 'met' : 'NOT MET'}), ` +
      `peak RSS ${faces.peakRssMiB.toFixed(0)} MiB (target < ${PEAK_RSS_TARGET_MIB}: ${faces.peakRssMiB < PEAK_RSS_TARGET_MIB ? 'met' : 'NOT MET'}); ` +
      `100k photos in ${hours(faces, 100_000)} h\n`,
  );
}

/** Each stage's thread time per photo and its share; stages beside each other (exiftool, the workers) overlap. */
function printStageShares(name: string, pass: PhaseResult): void {
  const total = Object.values(pass.stageMs).reduce((sum, ms) => sum + ms, 0);
  const stages = Object.entries(pass.stageMs).sort(([, a], [, b]) => b - a);
  table(
    `Where the time goes, ${name}: thread time per photo by stage (summed over threads; ${(total / pass.photos).toFixed(0)} ms per photo ` +
      `in all, ${((pass.seconds * 1000) / pass.photos).toFixed(0)} ms elapsed)`,
    ['stage', 'ms per photo', 'share'],
    stages.map(([stage, ms]) => [stage, (ms / pass.photos).toFixed(1), `${((100 * ms) / total).toFixed(1)}%`]),
  );
}
