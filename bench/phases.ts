// One bench phase per process, so each peak RSS is its own:
// `decode <dir>`, `index <dir> <library>` (no faces), `index-faces <dir> <library>` (the default
// detection search) or `index-small-faces <dir> <library>` (the library set to find very small faces).
import os from 'node:os';
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { Piscina } from 'piscina';
import { openEngine } from '../src/main/api/engine';
import { indexingStageTimes } from '../src/main/pipeline/stage-times';

const [phase, dir, libraryDir] = process.argv.slice(2);
const threads = os.availableParallelism();

async function decodeOnly(folder: string): Promise<number> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.jpg')).map((f) => path.join(folder, f));
  const pool = new Piscina({
    filename: new URL('./decode-worker.ts', import.meta.url).href,
    execArgv: ['--import', 'tsx'],
    maxThreads: threads,
    minThreads: threads,
  });
  await Promise.all(files.map((file) => pool.run(file)));
  await pool.destroy();
  return files.length;
}

async function fullIndex(folder: string, library: string, faces: boolean, smallFaces: boolean): Promise<number> {
  const engine = await openEngine({
    libraryDir: library,
    watch: false,
    threads,
    ...(faces ? {} : { facePackDir: null }),
  });
  try {
    if (smallFaces) await engine.api.setLibrarySettings({ findSmallFaces: true });
    await engine.api.addFolderSource({ path: folder });
    await engine.indexAll();
    return (await engine.api.getStatus({})).photos;
  } finally {
    await engine.close();
  }
}

/** CPU time of this process's threads (workers and libvips included; exiftool's perl is a child, not counted). */
function cpuSeconds(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

const started = performance.now();
const photos = phase === 'decode' ? await decodeOnly(dir!) : await fullIndex(dir!, libraryDir!, phase !== 'index', phase === 'index-small-faces');
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({ phase, photos, seconds, cpuSeconds: cpuSeconds(), peakRssMiB: process.resourceUsage().maxRSS / 1024, stageMs: indexingStageTimes }) + '\n',
);
