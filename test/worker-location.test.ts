import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clusterWorker } from '../src/main/people/cluster-in-worker';
import { pipelineWorker } from '../src/main/pipeline';
import { faceIndexWorker } from '../src/main/search/face-index-job';
import { vectorBuildWorker } from '../src/main/vectors/parallel-build';
import { workerLocation, type WorkerEntry } from '../src/main/worker-location';

const repoRoot = resolve(import.meta.dirname, '..');
const config = readFileSync(resolve(repoRoot, 'electron.vite.config.ts'), 'utf8');
const bundleDir = resolve(repoRoot, 'out/main');
if (!existsSync(bundleDir))
  console.warn(`SKIPPED: ${bundleDir} is missing; run \`npx electron-vite build\` (npm test does) to check where the bundle starts workers from`);

/** Bundled JS files under out/main, relative to it, whose code names `text`. */
function bundledFilesNaming(text: string): string[] {
  return (readdirSync(bundleDir, { recursive: true, encoding: 'utf8' }) as string[]).filter(
    (name) => name.endsWith('.js') && readFileSync(resolve(bundleDir, name), 'utf8').includes(text),
  );
}

describe.each<[string, WorkerEntry, string]>([
  ['pipeline', pipelineWorker, 'src/main/pipeline/index.ts'],
  ['vector build', vectorBuildWorker, 'src/main/vectors/parallel-build.ts'],
  ['people clustering', clusterWorker, 'src/main/people/cluster-in-worker.ts'],
  ['face index', faceIndexWorker, 'src/main/search/face-index-job.ts'],
])('%s worker location', (_name, entry, startingModule) => {
  it('runs the .ts entry through tsx when the engine runs from source', () => {
    const location = workerLocation(pathToFileURL(resolve(repoRoot, startingModule)).href, entry);
    expect(location.filename).toBe(resolve(repoRoot, startingModule, '..', entry.source));
    expect(location.execArgv).toEqual(['--import', 'tsx']);
    expect(existsSync(location.filename)).toBe(true);
  });

  it('uses the file built next to the bundled main entry, which electron-vite builds from that source', () => {
    const location = workerLocation(pathToFileURL(resolve(repoRoot, 'out/main/index.js')).href, entry);
    expect(location.filename).toBe(resolve(repoRoot, 'out/main', entry.bundled));
    expect(location.execArgv).toEqual([]);
    const source = besideModule(startingModule, entry.source);
    const name = entry.bundled.replace(/\.js$/, '');
    expect(config).toContain(`'${name}': resolve(__dirname, '${source}')`);
  });

  it.skipIf(!existsSync(bundleDir))('is started from code bundled beside it, so the folder of that code holds the entry', () => {
    const starters = bundledFilesNaming(entry.bundled);
    expect(starters.length).toBeGreaterThan(0);
    for (const file of starters) expect(dirname(resolve(bundleDir, file))).toBe(bundleDir);
    expect(existsSync(resolve(bundleDir, entry.bundled))).toBe(true);
  });
});

function besideModule(startingModule: string, source: string): string {
  return `${startingModule.slice(0, startingModule.lastIndexOf('/'))}/${source}`;
}
