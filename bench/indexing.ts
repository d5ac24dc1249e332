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
  const indexWithFaces = withFaces ? [indexInScratch('index-faces')] : [];

  const rate = (r: PhaseResult) => r.photos / r.seconds;
  const cpuPerPhoto = (r: PhaseResult) => (r.cpuSeconds * 1000) / r.photos;
  const passNames: Record<string, string> = {
    decode: 'decode only (floor)',
    index: 'full indexing, faces off',
    'index-faces': 'full indexing, faces on',
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
