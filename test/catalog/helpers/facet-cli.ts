/** Runs the real `facet` command (bin/facet.js) in a child process, as a user would. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const facetBin = path.join(repoRoot, 'bin', 'facet.js');

export interface FacetRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runFacet(libraryDir: string, args: string[]): Promise<FacetRun> {
  const child = spawn(process.execPath, [facetBin, '--library', libraryDir, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
