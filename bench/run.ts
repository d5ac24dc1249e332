// `npm run bench`: measurements printed as tables, each ratio taken side by side in one run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBenchLibrary } from './library';

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

function table(title: string, header: string[], rows: (string | number)[][]): void {
  process.stdout.write(`\n${title}\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}

process.stderr.write(`Preparing ${photoCount} photos at 12 MP in ${libraryFolder}\n`);
await ensureBenchLibrary(libraryFolder, photoCount);

const decode = runPhase(['decode', libraryFolder]);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'facet-bench-'));
let index: PhaseResult;
try {
  index = runPhase(['index', libraryFolder, scratch]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const rate = (r: PhaseResult) => r.photos / r.seconds;
table(
  `Indexing, ${photoCount} JPEGs at 4000x3000, ${os.availableParallelism()} threads (${os.cpus()[0]?.model ?? 'cpu'})`,
  ['pass', 'photos', 'seconds', 'photos/s', 'peak RSS MiB'],
  [decode, index].map((r) => [r.phase === 'decode' ? 'decode only (floor)' : 'full indexing', r.photos, r.seconds.toFixed(1), rate(r).toFixed(2), r.peakRssMiB.toFixed(0)]),
);
process.stdout.write(`\nfull indexing / decode-only throughput: ${(rate(index) / rate(decode)).toFixed(2)}\n`);
