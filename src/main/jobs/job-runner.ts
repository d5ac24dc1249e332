import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type JobsStatus } from '../../shared/api';
import { errorMessage } from '../../shared/error-message';
import type { Catalog } from '../catalog/catalog';
import { Semaphore } from '../concurrency/semaphore';
import { log } from '../log';
import { isTransientError } from './transient';

/** What a run of a job is given. */
export interface JobContext {
  readonly subject: string;
  /** Aborts when the engine closes or this job is cancelled: stop at the next safe point. */
  readonly signal: AbortSignal;
  /** 1, then 2, 3... while a transient failure is tried again. */
  readonly attempt: number;
  /**
   * Resolves at the next request for this job made while it runs (or once the signal aborts). A job
   * that works through a queue (indexing) waits here for more work instead of ending; a request it
   * did not wait for makes the job run once more after this run.
   */
  nextRequest(): Promise<void>;
  /**
   * Requests made since the run began end with it, and no run follows for them: for a job that
   * keeps its own list of work and checks it right after (a source's scan takes in the paths
   * reported while it runs).
   */
  takeRequests(): void;
}

/** A job kind, as registered: its name, how requests are scheduled, and what a run does. */
export interface JobKindOptions<T> {
  /** The name stored in the jobs table ('scan', 'faces', 'people'...). */
  kind: string;
  /** What the user reads for a job of this kind (the Jobs panel, `facet jobs`). Default: kind and subject. */
  describe?(subject: string): string;
  /**
   * Runs never overlap for one subject; 'kind': nor for different subjects of the kind (people:
   * an update and a recluster). Default 'subject'.
   */
  oneAtATime?: 'kind' | 'subject';
  /**
   * Waits this long after the last request before running, so a burst of requests makes one run;
   * `maxWaitMs` caps the wait from the first request (equal to `waitMs`: at most one run per `waitMs`).
   */
  debounce?: { waitMs: number; maxWaitMs?: number };
  /** Tries in all for a transient failure, the wait doubling from `backoffMs`. Default 3 tries from 1 s. */
  retry?: { attempts: number; backoffMs: number };
  /** Which failures are worth trying again. Default isTransientError. */
  transient?(error: unknown): boolean;
  /** Recorded in the jobs table and listed in the status (default). False: an internal signal, only logged when it fails. */
  persist?: boolean;
  run(context: JobContext): Promise<T>;
}

/** A registered kind: how the rest of the engine asks for its work. */
export interface Job<T> {
  /**
   * Asks for a run (after the debounce). Requests made before it starts are one run; one made while
   * it runs makes one more run after it. Resolves once the run that covers it ends, and never
   * rejects: a failure is logged and kept as a dead letter.
   */
  request(subject?: string): Promise<void>;
  /** The same, skipping the debounce, with the run's result (rejects with its failure). */
  run(subject?: string): Promise<T>;
  /** Aborts this subject's run and drops a waiting one; its rows go, a dead letter too (the subject went away). */
  cancel(subject?: string): Promise<void>;
  /** Resolves once nothing waits or runs for the subject. */
  idle(subject?: string): Promise<void>;
}

/** The subject of a kind that has one job for the whole library. */
export const librarySubject = 'library';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

interface Run<T> {
  controller: AbortController;
  state: 'queued' | 'running';
  attempt: number;
  /** Requests taken in by nextRequest while it ran: they end with it. */
  covers: Deferred<T>[];
  /** While the run waits in nextRequest: the wait, and what ends it. */
  waiting: Promise<void> | null;
  wake: (() => void) | null;
  done: Promise<unknown>;
}

interface Slot<T> {
  subject: string;
  timer: NodeJS.Timeout | null;
  firstRequestAt: number;
  /** The requested run that has not begun. */
  next: Deferred<T> | null;
  current: Run<T> | null;
  cancelled: boolean;
}

const defaultRetry = { attempts: 3, backoffMs: 1000 };

/**
 * The one scheduler behind the engine's background work: named job kinds, each job (kind and
 * subject) recorded in the catalog's jobs table (queued, running, done, failed with its reason),
 * debounced requests, one run at a time per subject or per kind, cancellation through one
 * engine-wide AbortSignal, transient failures tried again with backoff, and failures kept as
 * dead letters that the user sees and retries (getStatus().jobs, retryJobs). See README.md here.
 */
export class JobRunner {
  private readonly kinds = new Map<string, { options: JobKindOptions<unknown>; job: Job<unknown>; slots: Map<string, Slot<unknown>> }>();
  private readonly stop = new AbortController();

  constructor(
    private readonly catalog: Catalog,
    private readonly onChange: () => void = () => {},
  ) {
    // Nothing runs yet: rows a killed process left running wait for their next request (or resumeInterrupted).
    catalog.jobs.requeueInterrupted();
  }

  /** The engine-wide signal: aborts once when the engine closes. */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  register<T>(options: JobKindOptions<T>): Job<T> {
    if (this.kinds.has(options.kind)) throw new Error(`job kind ${options.kind} is registered twice`);
    const slots = new Map<string, Slot<T>>();
    const lock = options.oneAtATime === 'kind' ? new Semaphore(1) : null;
    const slotOf = (subject: string): Slot<T> => {
      let slot = slots.get(subject);
      if (slot === undefined) {
        slot = { subject, timer: null, firstRequestAt: 0, next: null, current: null, cancelled: false };
        slots.set(subject, slot);
      }
      return slot;
    };
    const ask = (subject: string, now: boolean): Promise<T> => {
      if (this.stop.signal.aborted) return Promise.reject(this.stop.signal.reason);
      const slot = slotOf(subject);
      slot.cancelled = false;
      const deferred = (slot.next ??= this.waiting(options, subject));
      if (slot.current?.wake) {
        // The run waits for more work: it takes this request in.
        slot.current.covers.push(deferred);
        slot.next = null;
        slot.current.wake();
      } else if (now || options.debounce === undefined) {
        this.launch(options, slot, lock, slots);
      } else {
        this.debounce(options.debounce, slot, () => this.launch(options, slot, lock, slots));
      }
      return deferred.promise;
    };
    const job: Job<T> = {
      request: (subject = librarySubject) =>
        ask(subject, false).then(
          () => undefined,
          () => undefined,
        ),
      run: (subject = librarySubject) => ask(subject, true),
      cancel: async (subject = librarySubject) => {
        const slot = slots.get(subject);
        if (slot === undefined) return;
        slot.cancelled = true;
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        slot.next?.reject(new Error(`${this.labelOf(options, subject)}: cancelled`));
        slot.next = null;
        const current = slot.current;
        current?.controller.abort(new Error(`${this.labelOf(options, subject)}: cancelled`));
        if (options.persist !== false) this.catalog.jobs.removeAll(options.kind, subject);
        await current?.done;
      },
      idle: async (subject = librarySubject) => {
        for (let slot = slots.get(subject); slot && (slot.current || slot.next); slot = slots.get(subject)) {
          await (slot.current?.done ?? slot.next?.promise.catch(() => undefined));
        }
      },
    };
    this.kinds.set(options.kind, { options: options as JobKindOptions<unknown>, job: job as Job<unknown>, slots: slots as Map<string, Slot<unknown>> });
    return job;
  }

  /**
   * Asks again for the jobs a closed or killed engine left queued (of the kinds registered; each
   * is idempotent). The app and the web mode call it once every kind is registered; a one-off
   * command leaves them for the next of those.
   */
  resumeInterrupted(): void {
    for (const row of this.catalog.jobs.list('queued')) void this.kinds.get(row.kind)?.job.request(row.subject);
  }

  /** Running and waiting jobs of the persisted kinds, and the dead letters (failed jobs) with their reasons. */
  status(): JobsStatus {
    const active: JobsStatus['active'] = [];
    for (const { options, slots } of this.kinds.values()) {
      if (options.persist === false) continue;
      for (const slot of slots.values()) {
        const state = slot.current?.state ?? (slot.next ? 'queued' : null);
        if (state === null) continue;
        active.push({ kind: options.kind, subject: slot.subject, label: this.labelOf(options, slot.subject), state, attempt: slot.current?.attempt ?? 0 });
      }
    }
    const failed = this.catalog.jobs.list('failed').map((row) => ({
      id: row.id,
      kind: row.kind,
      subject: row.subject,
      label: this.labelOf(this.kinds.get(row.kind)?.options ?? row, row.subject),
      reason: row.lastError ?? 'failed',
      attempts: row.attempts,
      failedAt: row.updatedAt,
    }));
    return { active, failed };
  }

  /**
   * Runs dead letters again: one failed job by id, or every failed job; returns how many were
   * queued. The row goes back to 'queued' and keeps its attempts; it is dropped once the job succeeds.
   */
  retry(target: number | 'all'): number {
    const rows = target === 'all' ? this.catalog.jobs.list('failed') : [this.catalog.jobs.get(target)];
    let retried = 0;
    for (const row of rows) {
      if (row === null) throw new ApiError('not_found', `no job with id ${String(target)}`);
      if (row.state !== 'failed') throw new ApiError('conflict', `job ${row.id} (${row.kind} ${row.subject}) is ${row.state}, not failed`);
      const kind = this.kinds.get(row.kind);
      if (kind === undefined) {
        if (target === 'all') continue;
        throw new ApiError('conflict', `job ${row.id} is of kind ${row.kind}, which this version of Facet no longer runs`);
      }
      const open = this.catalog.jobs.enqueue(row.kind, row.subject);
      // The dead letter itself goes back in the queue, unless the job is running again meanwhile.
      if (open.state === 'queued' && open.attempts === 0) {
        this.catalog.jobs.remove(open.id);
        this.catalog.jobs.requeue(row.id, row.lastError);
      }
      void kind.job.request(row.subject);
      retried += 1;
    }
    this.changed(undefined);
    return retried;
  }

  /** Aborts every run, drops waiting ones, and resolves once the runs have stopped. The rows of runs that began stay queued for the next start. */
  async close(): Promise<void> {
    if (this.stop.signal.aborted) return;
    this.stop.abort(new Error('the engine is closing'));
    const running: Promise<unknown>[] = [];
    const asked: { kind: string; subject: string }[] = [];
    for (const { options, slots } of this.kinds.values()) {
      for (const slot of slots.values()) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        slot.next?.reject(this.stop.signal.reason);
        slot.next = null;
        if (slot.current) running.push(slot.current.done);
        if (options.persist !== false) asked.push({ kind: options.kind, subject: slot.subject });
      }
    }
    await Promise.all(running);
    // Requests that never started are dropped (each is asked for again when its work shows up);
    // a run that began and was stopped stays queued, to be resumed.
    for (const { kind, subject } of asked) this.catalog.jobs.removeNeverStarted(kind, subject);
  }

  private waiting<T>(options: JobKindOptions<T>, subject: string): Deferred<T> {
    if (options.persist !== false) this.catalog.jobs.enqueue(options.kind, subject);
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Callers of request() never see the failure; one of run() does.
    promise.catch(() => undefined);
    return { promise, resolve, reject };
  }

  private debounce(debounce: { waitMs: number; maxWaitMs?: number }, slot: Slot<unknown>, fire: () => void): void {
    const now = Date.now();
    if (slot.timer) clearTimeout(slot.timer);
    else slot.firstRequestAt = now;
    const wait = debounce.maxWaitMs === undefined ? debounce.waitMs : Math.min(debounce.waitMs, slot.firstRequestAt + debounce.maxWaitMs - now);
    slot.timer = setTimeout(fire, Math.max(0, wait));
    // A pending run must not keep a command-line process alive.
    slot.timer.unref();
  }

  private launch<T>(options: JobKindOptions<T>, slot: Slot<T>, lock: Semaphore | null, slots: Map<string, Slot<T>>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    // Begins after the run going now: requests made meanwhile were not seen by it.
    if (slot.current !== null || slot.next === null) return;
    const request = slot.next;
    slot.next = null;
    const controller = new AbortController();
    const run: Run<T> = { controller, state: 'queued', attempt: 0, covers: [request], waiting: null, wake: null, done: Promise.resolve() };
    slot.current = run;
    run.done = this.execute(options, slot, run, lock).then(
      (value) => run.covers.forEach((waiting) => waiting.resolve(value)),
      (error: unknown) => run.covers.forEach((waiting) => waiting.reject(error)),
    );
    void run.done.finally(() => {
      slot.current = null;
      if (slot.next !== null && slot.timer === null && !this.stop.signal.aborted) this.launch(options, slot, lock, slots);
      else if (slot.next === null && slot.timer === null) slots.delete(slot.subject);
      this.changed(options);
    });
  }

  private async execute<T>(options: JobKindOptions<T>, slot: Slot<T>, run: Run<T>, lock: Semaphore | null): Promise<T> {
    const persist = options.persist !== false;
    const label = this.labelOf(options, slot.subject);
    const signal = AbortSignal.any([this.stop.signal, run.controller.signal]);
    const release = lock ? await lock.acquire() : null;
    const rowId = persist && !signal.aborted ? this.catalog.jobs.enqueue(options.kind, slot.subject).id : null;
    const { attempts, backoffMs } = options.retry ?? defaultRetry;
    const transient = options.transient ?? isTransientError;
    try {
      for (let attempt = 1; ; attempt++) {
        signal.throwIfAborted();
        run.state = 'running';
        run.attempt = attempt;
        if (rowId !== null) this.catalog.jobs.start(rowId);
        this.changed(options);
        const context: JobContext = {
          subject: slot.subject,
          signal,
          attempt,
          nextRequest: () => this.nextRequest(slot, run, signal),
          takeRequests: () => this.takeRequests(slot, run),
        };
        try {
          const value = await options.run(context);
          if (rowId !== null) this.catalog.jobs.finish(rowId);
          return value;
        } catch (error) {
          if (signal.aborted) throw error;
          const reason = errorMessage(error);
          if (attempt < attempts && transient(error)) {
            const delay = backoffMs * 2 ** (attempt - 1);
            log.warn(`${label}: ${reason}; trying again in ${delay} ms (try ${attempt + 1} of ${attempts})`);
            if (rowId !== null) this.catalog.jobs.requeue(rowId, reason);
            run.state = 'queued';
            this.changed(options);
            await sleep(delay, undefined, { signal });
            continue;
          }
          log.error(`${label} failed`, error);
          if (rowId !== null) this.catalog.jobs.fail(rowId, reason);
          throw error;
        }
      }
    } catch (error) {
      // Shut down: the row stays queued for the next start. Cancelled: cancel() removed it.
      if (rowId !== null && signal.aborted && !slot.cancelled && this.catalog.jobs.get(rowId)?.state === 'running') this.catalog.jobs.requeue(rowId);
      throw error;
    } finally {
      release?.();
    }
  }

  private takeRequests(slot: Slot<unknown>, run: Run<unknown>): boolean {
    if (slot.next === null) return false;
    run.covers.push(slot.next);
    slot.next = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    return true;
  }

  private nextRequest(slot: Slot<unknown>, run: Run<unknown>, signal: AbortSignal): Promise<void> {
    if (this.takeRequests(slot, run)) return Promise.resolve();
    if (signal.aborted) return Promise.resolve();
    // One wait at a time, however often the run asks (it may race it against its own work).
    run.waiting ??= new Promise<void>((resolve) => {
      const done = () => {
        run.waiting = null;
        run.wake = null;
        signal.removeEventListener('abort', done);
        resolve();
      };
      run.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
    return run.waiting;
  }

  /** The status changed: said for persisted kinds only (an internal signal is not the user's business), and not while closing. */
  private changed(options: JobKindOptions<unknown> | undefined): void {
    if (options?.persist !== false && !this.stop.signal.aborted) this.onChange();
  }

  private labelOf(options: Pick<JobKindOptions<unknown>, 'kind' | 'describe'>, subject: string): string {
    if (options.describe) return options.describe(subject);
    return subject === librarySubject ? options.kind : `${options.kind} ${subject}`;
  }
}
