import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/catalog';
import { DisposableStore } from '../../src/main/jobs/disposable-store';
import { JobRunner } from '../../src/main/jobs/job-runner';
import { makeTempDir } from '../library/helpers/temp';

const temp = makeTempDir('jobs');
afterAll(() => temp.cleanup());

let opened: { runner: JobRunner; catalog: Catalog }[] = [];
afterEach(async () => {
  for (const { runner, catalog } of opened) {
    await runner.close();
    if (catalog.db.open) catalog.close();
  }
  opened = [];
});

function open(name: string): { runner: JobRunner; catalog: Catalog; changes: () => number } {
  const catalog = Catalog.open(path.join(temp.dir, `${name}.sqlite`));
  let changes = 0;
  const runner = new JobRunner(catalog, () => (changes += 1));
  opened.push({ runner, catalog });
  return { runner, catalog, changes: () => changes };
}

const rows = (catalog: Catalog) =>
  catalog.db.prepare('SELECT kind, subject, state, attempts, last_error AS lastError FROM jobs ORDER BY id').all() as {
    kind: string;
    subject: string;
    state: string;
    attempts: number;
    lastError: string | null;
  }[];

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const busy = () => Object.assign(new Error('database is busy'), { code: 'EBUSY' });

describe('the job runner', () => {
  it('debounces a burst of requests into one run, after the quiet time', async () => {
    const { runner, catalog } = open('debounce');
    let runs = 0;
    const job = runner.register({ kind: 'people', debounce: { waitMs: 80 }, run: async () => void (runs += 1) });
    const started = Date.now();
    const requests = [job.request(), job.request()];
    await new Promise((resolve) => setTimeout(resolve, 50));
    requests.push(job.request());
    expect(runner.status().active).toEqual([{ kind: 'people', subject: 'library', label: 'people', state: 'queued', attempt: 0 }]);
    await Promise.all(requests);
    expect(runs).toBe(1);
    // The wait restarted at the third request.
    expect(Date.now() - started).toBeGreaterThanOrEqual(125);
    expect(rows(catalog)).toEqual([{ kind: 'people', subject: 'library', state: 'done', attempts: 1, lastError: null }]);
    expect(runner.status()).toEqual({ active: [], failed: [] });
  });

  it('with maxWaitMs runs at most once per interval while requests keep coming', async () => {
    const { runner } = open('throttle');
    const at: number[] = [];
    const job = runner.register({ kind: 'tick', persist: false, debounce: { waitMs: 60, maxWaitMs: 60 }, run: async () => void at.push(Date.now()) });
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      void job.request();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await job.idle();
    expect(at.length).toBeGreaterThanOrEqual(2);
    expect(at.length).toBeLessThanOrEqual(5);
    expect(at[0]! - started).toBeLessThan(120);
  });

  it('runs one at a time per subject, and a request made during a run makes one more run after it', async () => {
    const { runner } = open('per-subject');
    const first = gate();
    let running = 0;
    let most = 0;
    const runs: string[] = [];
    const job = runner.register({
      kind: 'scan',
      run: async ({ subject }) => {
        running += 1;
        most = Math.max(most, running);
        runs.push(subject);
        if (runs.length === 1) await first.wait;
        running -= 1;
      },
    });
    const a1 = job.request('1');
    const b = job.request('2');
    await b;
    // Subjects side by side: source 2 finished while source 1 still runs.
    expect(most).toBe(2);
    const a2 = job.request('1');
    const a3 = job.request('1');
    first.open();
    await Promise.all([a1, a2, a3]);
    expect(runs).toEqual(['1', '2', '1']);
  });

  it("'kind': runs of different subjects wait for each other, in order", async () => {
    const { runner } = open('exclusive');
    const order: string[] = [];
    const first = gate();
    const job = runner.register({
      kind: 'people',
      oneAtATime: 'kind',
      run: async ({ subject }) => {
        order.push(`start ${subject}`);
        if (subject === 'update') await first.wait;
        order.push(`end ${subject}`);
        return subject.length;
      },
    });
    const update = job.run('update');
    const recluster = job.run('recluster');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runner.status().active.map(({ subject, state }) => `${subject} ${state}`)).toEqual(['update running', 'recluster queued']);
    first.open();
    expect(await Promise.all([update, recluster])).toEqual([6, 9]);
    expect(order).toEqual(['start update', 'end update', 'start recluster', 'end recluster']);
  });

  it('a long run takes requests made while it waits for them (nextRequest) instead of running again', async () => {
    const { runner } = open('next-request');
    let runs = 0;
    let taken = 0;
    const job = runner.register({
      kind: 'index',
      run: async (context) => {
        runs += 1;
        for (let round = 0; round < 2; round++) {
          await context.nextRequest();
          taken += 1;
        }
      },
    });
    const first = job.request();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = job.request();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const third = job.request();
    await Promise.all([first, second, third]);
    expect({ runs, taken }).toEqual({ runs: 1, taken: 2 });
  });

  it('a run that checks its own list of work takes in the requests that added to it (takeRequests): no run follows for them', async () => {
    const { runner } = open('take-requests');
    const work: string[] = [];
    const done: string[] = [];
    let runs = 0;
    const job = runner.register({
      kind: 'scan',
      run: async ({ takeRequests }) => {
        runs += 1;
        for (;;) {
          takeRequests();
          const next = work.shift();
          if (next === undefined) return;
          await new Promise((resolve) => setTimeout(resolve, 10));
          done.push(next);
        }
      },
    });
    const ask = (path: string) => {
      work.push(path);
      return job.request('1');
    };
    const first = ask('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = ask('b');
    await Promise.all([first, second]);
    expect({ runs, done }).toEqual({ runs: 1, done: ['a', 'b'] });
  });

  it('cancels through the one engine-wide signal on close: the interrupted job is queued for next time, a request that never ran is dropped', async () => {
    const { runner, catalog } = open('close');
    let seen: AbortSignal | null = null;
    const job = runner.register({
      kind: 'faces',
      run: ({ signal }) => {
        seen = signal;
        return new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    const waiting = runner.register({ kind: 'guests', debounce: { waitMs: 10_000 }, run: async () => {} });
    const request = job.request();
    const debounced = waiting.request();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows(catalog).map(({ kind, state }) => `${kind} ${state}`)).toEqual(['faces running', 'guests queued']);
    await runner.close();
    expect(seen!.aborted).toBe(true);
    expect(runner.signal.aborted).toBe(true);
    await Promise.all([request, debounced]);
    // The run that began is queued for next time; the request that never ran leaves nothing.
    expect(rows(catalog).map(({ kind, state }) => `${kind} ${state}`)).toEqual(['faces queued']);
    // Closed: a request is not taken, a run is refused.
    await job.request();
    await expect(job.run()).rejects.toThrow(/closing/);
  });

  it('cancels one subject: its run aborts and its row goes', async () => {
    const { runner, catalog } = open('cancel');
    const job = runner.register({
      kind: 'scan',
      run: ({ signal }) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const other = runner.register({ kind: 'faces', run: async () => {} });
    const running = job.run('7');
    await other.request();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await job.cancel('7');
    await expect(running).rejects.toThrow(/cancelled/);
    expect(rows(catalog).map(({ kind, state }) => `${kind} ${state}`)).toEqual(['faces done']);
    expect(runner.signal.aborted).toBe(false);
  });

  it('tries a transient failure again with a doubling wait, and succeeds', async () => {
    const { runner, catalog } = open('retry');
    const at: number[] = [];
    const job = runner.register({
      kind: 'faces',
      retry: { attempts: 3, backoffMs: 40 },
      run: async ({ attempt }) => {
        at.push(Date.now());
        if (attempt < 3) throw busy();
        return 'ok';
      },
    });
    expect(await job.run()).toBe('ok');
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(35);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(75);
    expect(rows(catalog)).toEqual([{ kind: 'faces', subject: 'library', state: 'done', attempts: 3, lastError: null }]);
  });

  it('keeps a job that failed as a dead letter across a reopen, and retries it from there', async () => {
    const first = open('dead-letter');
    let broken = true;
    const register = (runner: JobRunner) =>
      runner.register({
        kind: 'scan',
        describe: (subject) => `Scan source ${subject}`,
        retry: { attempts: 2, backoffMs: 5 },
        run: async () => {
          if (broken) throw new Error('the folder /photos/x cannot be read: permission denied');
        },
      });
    const job = register(first.runner);
    await job.request('3');
    // Not transient: no second try.
    expect(rows(first.catalog)).toEqual([
      { kind: 'scan', subject: '3', state: 'failed', attempts: 1, lastError: 'the folder /photos/x cannot be read: permission denied' },
    ]);
    // A transient failure is tried twice, then kept as well, replacing the older dead letter.
    const flaky = first.runner.register({
      kind: 'faces',
      retry: { attempts: 2, backoffMs: 5 },
      run: async () => {
        throw busy();
      },
    });
    await expect(flaky.run()).rejects.toThrow(/busy/);
    await flaky.request();
    expect(rows(first.catalog).filter((row) => row.kind === 'faces')).toEqual([
      { kind: 'faces', subject: 'library', state: 'failed', attempts: 2, lastError: 'database is busy' },
    ]);
    await first.runner.close();
    first.catalog.close();

    const second = open('dead-letter');
    const again = register(second.runner);
    const { failed } = second.runner.status();
    expect(failed).toEqual([
      {
        id: expect.any(Number),
        kind: 'scan',
        subject: '3',
        label: 'Scan source 3',
        reason: 'the folder /photos/x cannot be read: permission denied',
        attempts: 1,
        failedAt: expect.any(String),
      },
      // A kind this run does not register is still listed; `retry all` leaves it.
      { id: expect.any(Number), kind: 'faces', subject: 'library', label: 'faces', reason: 'database is busy', attempts: 2, failedAt: expect.any(String) },
    ]);
    expect(() => second.runner.retry(failed[1]!.id)).toThrow(/no longer runs/);
    expect(() => second.runner.retry(999)).toThrow(/no job with id 999/);

    broken = false;
    const changesBefore = second.changes();
    expect(second.runner.retry(failed[0]!.id)).toBe(1);
    expect(second.changes()).toBeGreaterThan(changesBefore);
    await again.idle('3');
    expect(rows(second.catalog).filter((row) => row.kind === 'scan')).toEqual([{ kind: 'scan', subject: '3', state: 'done', attempts: 2, lastError: null }]);
    expect(second.runner.status().failed.map((job) => job.kind)).toEqual(['faces']);
    expect(second.runner.retry('all')).toBe(0);
  });

  it('queues again a job a killed process left running', async () => {
    const catalog = Catalog.open(path.join(temp.dir, 'killed.sqlite'));
    const row = catalog.jobs.enqueue('scan', '1');
    catalog.jobs.start(row.id);
    catalog.close();
    const { runner, catalog: reopened } = open('killed');
    expect(rows(reopened)).toEqual([{ kind: 'scan', subject: '1', state: 'queued', attempts: 1, lastError: null }]);
    const job = runner.register({ kind: 'scan', run: async () => {} });
    await job.request('1');
    expect(rows(reopened)).toEqual([{ kind: 'scan', subject: '1', state: 'done', attempts: 2, lastError: null }]);
  });

  it('resumes the jobs a closed engine left queued, of the kinds it knows', async () => {
    const first = open('resume');
    const stopped = first.runner.register({
      kind: 'faces',
      run: ({ signal }) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    void stopped.request();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await first.runner.close();
    first.catalog.jobs.enqueue('retired-kind', 'library');
    first.catalog.close();

    const second = open('resume');
    const ran: string[] = [];
    second.runner.register({ kind: 'faces', run: async ({ subject }) => void ran.push(subject) });
    second.runner.resumeInterrupted();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual(['library']);
    expect(rows(second.catalog).map(({ kind, state }) => `${kind} ${state}`)).toEqual(['faces done', 'retired-kind queued']);
  });
});

describe('the disposable store', () => {
  it('closes in reverse order, once, on past a failing close', async () => {
    const closed: string[] = [];
    const store = new DisposableStore();
    store.add('catalog', () => void closed.push('catalog'));
    store.add('pipeline', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      closed.push('pipeline');
    });
    store.add('broken', () => {
      throw new Error('nope');
    });
    store.add('runner', () => void closed.push('runner'));
    await Promise.all([store.dispose(), store.dispose()]);
    expect(closed).toEqual(['runner', 'pipeline', 'catalog']);
    expect(store.disposed).toBe(true);
    store.add('late', () => void closed.push('late'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(closed.at(-1)).toBe('late');
  });
});
