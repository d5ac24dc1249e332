/**
 * Online/paused state of one source. A source that cannot be reached is paused with a reason a user
 * can read, and probed with growing intervals until it answers again.
 */
import { classifyFailure, isTransient } from './errors';

export type S3SourceState = 'online' | 'paused';

export interface ProbeSchedule {
  baseDelayMs: number;
  maxDelayMs: number;
}

export type StateListener = (state: S3SourceState, reason: string | null) => void;

export class SourceAvailability {
  private currentState: S3SourceState = 'online';
  private currentReason: string | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private probeRound = 0;
  private closed = false;
  private readonly waiters = new Set<{ resolve: () => void; reject: (error: Error) => void }>();

  constructor(
    /** One cheap request, no retries; resolves when the source answers. */
    private readonly probe: () => Promise<void>,
    /** The pause reason for a failed probe or operation. */
    private readonly describeUnreachable: (error: unknown) => string,
    private readonly schedule: ProbeSchedule,
    private readonly onChange: StateListener,
    private readonly random: () => number = Math.random,
  ) {}

  get state(): S3SourceState {
    return this.currentState;
  }

  get reason(): string | null {
    return this.currentReason;
  }

  markOnline(): void {
    if (this.currentState === 'online' || this.closed) return;
    this.clearProbe();
    this.currentState = 'online';
    this.currentReason = null;
    this.probeRound = 0;
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
    this.onChange('online', null);
  }

  markUnreachable(error: unknown): void {
    if (this.closed) return;
    const reason = this.describeUnreachable(error);
    const wasOnline = this.currentState === 'online';
    if (!wasOnline && reason === this.currentReason) return;
    this.currentState = 'paused';
    this.currentReason = reason;
    this.onChange('paused', reason);
    if (wasOnline) this.scheduleProbe();
  }

  waitUntilOnline(signal?: AbortSignal): Promise<void> {
    if (this.currentState === 'online') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.closed = true;
    this.clearProbe();
    for (const waiter of this.waiters) waiter.reject(new Error('source client closed'));
    this.waiters.clear();
  }

  /** Exponential with equal jitter, so a probe never fires immediately after the failure. */
  private scheduleProbe(): void {
    const ceiling = Math.min(this.schedule.maxDelayMs, this.schedule.baseDelayMs * 2 ** this.probeRound);
    this.probeRound += 1;
    const delay = ceiling / 2 + this.random() * (ceiling / 2);
    this.probeTimer = setTimeout(() => void this.runProbe(), delay);
    // A paused source alone must not keep a CLI process alive.
    this.probeTimer.unref();
  }

  private async runProbe(): Promise<void> {
    this.probeTimer = null;
    try {
      await this.probe();
      this.markOnline();
    } catch (error) {
      // An answer such as 403 means the server is reachable: operations will report that error themselves.
      if (!isTransient(classifyFailure(error))) return this.markOnline();
      if (this.closed || this.currentState === 'online') return;
      this.markUnreachable(error);
      this.scheduleProbe();
    }
  }

  private clearProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }
}
