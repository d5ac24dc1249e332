/**
 * Automatic sync of linked events, as the 'event-sync' job kind of the engine's job runner: each
 * linked event that is not paused syncs every `intervalMs`, and `changeDebounceMs` after the last
 * local edit of it. While its location is unavailable (a shared folder gone, a bucket unreachable)
 * each failed attempt doubles the wait before the next, up to `maxBackoffMs`; the first success
 * starts the schedule again. The state is kept in the catalog (sync_auto), so a pause and the
 * backoff outlive a restart.
 */
import { ApiError, type EventSyncResult, type FacetApi, type FacetEvent } from '../../shared/api';
import type { EventAutoSync } from '../../shared/auto-sync-api';
import { errorMessage } from '../../shared/error-message';
import type { AutoSyncRepository, AutoSyncRow } from '../catalog/auto-sync-repo';
import type { Job, JobRunner } from '../jobs/job-runner';
import { log } from '../log';

export interface AutoSyncTimings {
  /** Between two syncs of an event that went well. */
  intervalMs: number;
  /** After the last local edit of an event (photos added or removed, a rename) before it syncs. */
  changeDebounceMs: number;
  /** The longest wait between attempts while the location stays unavailable. */
  maxBackoffMs: number;
}

export const defaultAutoSyncTimings: AutoSyncTimings = { intervalMs: 5 * 60_000, changeDebounceMs: 15_000, maxBackoffMs: 60 * 60_000 };

export type AutoSyncApi = Pick<FacetApi, 'getEventAutoSync' | 'setEventAutoSyncPaused'>;
type EventEditMethods = Pick<FacetApi, 'addPhotosToEvent' | 'removePhotosFromEvent' | 'renameEvent' | 'linkEventToSharedLocation' | 'syncEvent'>;

export interface AutoSyncOptions {
  repo: AutoSyncRepository;
  jobs: JobRunner;
  /** One sync of the event, as "Sync now" runs it. */
  sync(eventId: number): Promise<EventSyncResult>;
  emit(event: FacetEvent): void;
  /** False: this engine does not sync by itself (a one-off CLI command); the API still pauses and resumes. */
  running: boolean;
  timings?: Partial<AutoSyncTimings>;
}

/** When an event is due: the interval after a success (or never tried: now), the backoff after failures. */
export function nextAttemptAt(row: AutoSyncRow, timings: AutoSyncTimings): number {
  if (row.lastAttemptAt === null) return 0;
  const wait = row.failures === 0 ? timings.intervalMs : Math.min(timings.maxBackoffMs, timings.intervalMs * 2 ** row.failures);
  return Date.parse(row.lastAttemptAt) + wait;
}

export class AutoSync {
  private readonly timings: AutoSyncTimings;
  private readonly job: Job<void>;
  /** Events with a request the runner has not finished: the schedule does not ask twice. */
  private readonly requested = new Set<number>();
  /** When each event was last asked for: a sync that went well since then makes the attempt needless. */
  private readonly askedAt = new Map<number, number>();
  /** Syncs asked for by hand (Sync now, `facet sync`) still running, by event. */
  private readonly byHand = new Map<number, Promise<unknown>>();
  private readonly timer: NodeJS.Timeout | null;

  constructor(private readonly options: AutoSyncOptions) {
    this.timings = { ...defaultAutoSyncTimings, ...options.timings };
    this.job = options.jobs.register({
      kind: 'event-sync',
      describe: (eventId) => `Sync event ${eventId} automatically`,
      debounce: { waitMs: this.timings.changeDebounceMs },
      // Its own backoff (below) waits for the location; the runner's quick retries would not help.
      retry: { attempts: 1, backoffMs: 0 },
      run: ({ subject }) => this.attempt(Number(subject)),
    });
    // Checked often enough that a due event waits at most a fraction of the interval.
    const tickMs = Math.max(20, Math.min(this.timings.intervalMs, 60_000) / 4);
    this.timer = options.running ? setInterval(() => this.requestDue(), tickMs) : null;
    this.timer?.unref();
    if (options.running) this.requestDue();
  }

  /** A local edit of the event: it syncs once the edits pause for changeDebounceMs. */
  edited(eventId: number): void {
    const row = this.options.repo.get(eventId);
    if (this.options.running && row !== null && !row.paused) this.request(eventId);
  }

  /**
   * The event edits that make an event due (photos added or removed, a rename, a new link); a sync asked for
   * by hand that went well counts as an attempt, so the schedule starts from it.
   */
  following(methods: EventEditMethods): EventEditMethods {
    return {
      addPhotosToEvent: async (input) => this.afterEdit(input.eventId, await methods.addPhotosToEvent(input)),
      removePhotosFromEvent: async (input) => this.afterEdit(input.eventId, await methods.removePhotosFromEvent(input)),
      renameEvent: async (input) => this.afterEdit(input.eventId, await methods.renameEvent(input)),
      linkEventToSharedLocation: async (input) => this.afterEdit(input.eventId, await methods.linkEventToSharedLocation(input)),
      syncEvent: async (input) => {
        const started = Date.now();
        const running = methods.syncEvent(input);
        this.byHand.set(input.eventId, running);
        try {
          const result = await running;
          if (this.options.repo.get(input.eventId) !== null) this.options.repo.recordAttempt(input.eventId, new Date(started).toISOString(), null);
          return result;
        } finally {
          if (this.byHand.get(input.eventId) === running) this.byHand.delete(input.eventId);
        }
      },
    };
  }

  readonly api: AutoSyncApi = {
    getEventAutoSync: async ({ eventId }) => this.info(eventId),
    setEventAutoSyncPaused: async ({ eventId, paused }) => {
      if (this.options.repo.get(eventId) === null) throw new ApiError('conflict', `event ${eventId} is not linked to a shared location; link it first`);
      this.options.repo.setPaused(eventId, paused);
      this.options.emit({ type: 'changed', domains: ['events'] });
      if (!paused) this.edited(eventId);
      return this.info(eventId);
    },
  };

  private afterEdit<T>(eventId: number, result: T): T {
    this.edited(eventId);
    return result;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private info(eventId: number): EventAutoSync {
    const row = this.options.repo.get(eventId);
    const scheduled = row !== null && !row.paused && this.options.running;
    return {
      eventId,
      linked: row !== null,
      paused: row?.paused ?? false,
      running: this.options.running,
      lastAttemptAt: row?.lastAttemptAt ?? null,
      failures: row?.failures ?? 0,
      lastError: row?.lastError ?? null,
      nextSyncAt: scheduled ? new Date(Math.max(Date.now(), nextAttemptAt(row, this.timings))).toISOString() : null,
    };
  }

  private requestDue(): void {
    const now = Date.now();
    for (const row of this.options.repo.linked()) {
      if (!row.paused && !this.requested.has(row.eventId) && nextAttemptAt(row, this.timings) <= now) this.request(row.eventId);
    }
  }

  private request(eventId: number): void {
    this.requested.add(eventId);
    this.askedAt.set(eventId, Date.now());
    void this.job.request(String(eventId)).finally(() => this.requested.delete(eventId));
  }

  /** One attempt; a failure is kept for the backoff and the event page, not as a dead letter: the schedule tries again. */
  private async attempt(eventId: number): Promise<void> {
    await this.byHand.get(eventId)?.catch(() => undefined);
    const row = this.options.repo.get(eventId);
    if (row === null || row.paused) return;
    // A sync by hand that started after the request covered it (Sync now right after linking).
    if (row.failures === 0 && row.lastAttemptAt !== null && Date.parse(row.lastAttemptAt) >= (this.askedAt.get(eventId) ?? Infinity)) return;
    // Kept as the start: an edit made while it runs comes after it, and is synced by the next run.
    const started = new Date().toISOString();
    let error: string | null = null;
    try {
      await this.options.sync(eventId);
    } catch (failure) {
      error = errorMessage(failure);
      log.warn(`automatic sync of event ${eventId} failed (attempt ${row.failures + 1} in a row)`, failure);
    }
    // The event may have been deleted or unlinked meanwhile: then there is nothing to record.
    if (this.options.repo.get(eventId) === null) return;
    this.options.repo.recordAttempt(eventId, started, error);
    this.options.emit({ type: 'changed', domains: ['events'] });
  }
}
