/**
 * Atomic writes from several worker threads of one process onto the same file, as two pipeline
 * workers store the derivatives of a photo and of its copy: every write lands, none collides on a
 * temp name (each thread keeps its own sequence, so the name carries the thread).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-atomic-threads-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('lets worker threads write the same file at once without failing each other', async () => {
  const target = path.join(dir, 'shared.preview.jpg');
  const start = new Int32Array(new SharedArrayBuffer(4));
  const workers = [0, 1, 2].map(
    () => new Worker(path.join(import.meta.dirname, 'atomic-write-threads.ts'), { execArgv: ['--import', 'tsx'], workerData: { target, writes: 50, start } }),
  );
  const messages = workers.map((worker) => {
    const queue: unknown[] = [];
    const waiting: ((value: unknown) => void)[] = [];
    worker.on('message', (m) => (waiting.length ? waiting.shift()!(m) : queue.push(m)));
    return () => new Promise((resolve) => (queue.length ? resolve(queue.shift()) : waiting.push(resolve)));
  });
  expect(await Promise.all(messages.map((next) => next()))).toEqual(['ready', 'ready', 'ready']);
  Atomics.store(start, 0, 1);
  Atomics.notify(start, 0);
  const failures = await Promise.all(messages.map((next) => next()));
  await Promise.all(workers.map((worker) => worker.terminate()));
  expect(failures).toEqual([0, 0, 0]);
  expect(fs.readFileSync(target, 'utf8')).toMatch(/^write \d+$/);
  expect(fs.readdirSync(dir)).toEqual(['shared.preview.jpg']);
}, 60_000);
