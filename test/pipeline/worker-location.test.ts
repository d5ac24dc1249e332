import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pipelineWorkerLocation } from '../../src/main/pipeline/worker-location';

const repoRoot = resolve(import.meta.dirname, '../..');

describe('pipeline worker location', () => {
  it('runs worker.ts through tsx when the pipeline itself runs from source', () => {
    const location = pipelineWorkerLocation(pathToFileURL(resolve(repoRoot, 'src/main/pipeline/worker-location.ts')).href);
    expect(location.filename).toBe(resolve(repoRoot, 'src/main/pipeline/worker.ts'));
    expect(location.execArgv).toEqual(['--import', 'tsx']);
    expect(existsSync(location.filename)).toBe(true);
  });

  it('uses the pipeline-worker.js built next to the bundled main entry', () => {
    const location = pipelineWorkerLocation(pathToFileURL(resolve(repoRoot, 'out/main/index.js')).href);
    expect(location.filename).toBe(resolve(repoRoot, 'out/main/pipeline-worker.js'));
    expect(location.execArgv).toEqual([]);
  });

  it('matches the entry electron-vite builds', () => {
    const config = readFileSync(resolve(repoRoot, 'electron.vite.config.ts'), 'utf8');
    expect(config).toMatch(/'pipeline-worker': resolve\(__dirname, 'src\/main\/pipeline\/worker\.ts'\)/);
  });
});
