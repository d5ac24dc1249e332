// Indexing throughput against a decode-only floor, each pass in its own process (own peak RSS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBenchLibrary } from './library';
import { table } from './table';

const photoCount = Number(process.env.FACET_BENCH_PHOTOS ?? 500);
const libraryFolder = path.resolve('.cache/bench/photos-12mp');

interface PhaseResult {
  phase: string;
  photos: number;
  seconds: number;
  peakRssMiB: number;
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
  const indexWithFaces = indexInScratch('index-faces');

  const rate = (r: PhaseResult) => r.photos / r.seconds;
  const passNames: Record<string, string> = {
    decode: 'decode only (floor)',
    index: 'full indexing, faces off',
    'index-faces': 'full indexing, faces on',
  };
  table(
    `Indexing ${photoCount} JPEGs at 4000x3000 (each with a real group photo inside), ` +
      `${os.availableParallelism()} threads (${os.cpus()[0]?.model ?? 'cpu'})`,
    ['pass', 'photos', 'seconds', 'photos/s', 'vs decode-only', 'peak RSS MiB'],
    [decode, index, indexWithFaces].map((r) => [
      passNames[r.phase] ?? r.phase,
      r.photos,
      r.seconds.toFixed(1),
      rate(r).toFixed(2),
      (rate(r) / rate(decode)).toFixed(2),
      r.peakRssMiB.toFixed(0),
    ]),
  );
}
