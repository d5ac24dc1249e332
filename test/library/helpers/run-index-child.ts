/** Runs test/library/helpers/index-child.ts in its own process, for the kill -9 tests. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { IndexProgress } from '../../../src/shared/api';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const childScript = path.join(repoRoot, 'test/library/helpers/index-child.ts');

export interface ChildRun {
  progress: IndexProgress[];
  finished: boolean;
  signal: NodeJS.Signals | null;
}

export interface IndexChildOptions {
  env?: NodeJS.ProcessEnv;
  /** SIGKILL the child once a progress event reports this many files done. */
  killAfterDone?: number;
}

/** args: <libraryDir> folder|s3 <path|endpoint>. Rejects when a run that was not to be killed fails. */
export function runIndexChild(args: [string, 'folder' | 's3', string], options: IndexChildOptions = {}): Promise<ChildRun> {
  const { env, killAfterDone } = options;
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const run: ChildRun = { progress: [], finished: false, signal: null };
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as IndexProgress | { finished: true };
    if ('finished' in message) run.finished = true;
    else run.progress.push(message);
    if (killAfterDone !== undefined && 'done' in message && message.done >= killAfterDone) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      run.signal = signal;
      if (killAfterDone === undefined && code !== 0) reject(new Error(`child exited with ${code ?? signal}`));
      else resolve(run);
    });
  });
}
