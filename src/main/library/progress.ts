import type { IndexProgress } from '../../shared/api';

const emitIntervalMs = 250;

/**
 * Progress of one source's run, emitted at most ~4 times a second plus a final snapshot.
 * `total` is done + still pending, so it grows while the scan discovers files.
 */
export class SourceProgress {
  private phase: IndexProgress['phase'] = 'scanning';
  private done = 0;
  private errors = 0;
  private skipped = 0;
  private readonly startedAt = new Date();
  private lastEmit = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly sourceId: number,
    private readonly pendingCount: () => number,
    private readonly emit: (progress: IndexProgress) => void,
  ) {}

  setPhase(phase: IndexProgress['phase']): void {
    this.phase = phase;
    this.update();
  }

  fileSkipped(count = 1): void {
    this.skipped += count;
    this.update();
  }

  fileDone(failed: boolean): void {
    this.done += 1;
    if (failed) this.errors += 1;
    this.update();
  }

  snapshot(): IndexProgress {
    const remaining = this.phase === 'idle' ? 0 : this.pendingCount();
    const seconds = (Date.now() - this.startedAt.getTime()) / 1000;
    const ratePerSecond = seconds > 0 ? this.done / seconds : 0;
    return {
      sourceId: this.sourceId,
      phase: this.phase,
      total: this.done + remaining,
      done: this.done,
      errors: this.errors,
      skipped: this.skipped,
      ratePerSecond: Math.round(ratePerSecond * 100) / 100,
      etaSeconds: ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : remaining === 0 ? 0 : null,
      startedAt: this.startedAt.toISOString(),
    };
  }

  /** The last word of a run: always emitted, never throttled. */
  finish(): void {
    this.phase = 'idle';
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.emit(this.snapshot());
  }

  private update(): void {
    if (this.timer) return;
    const wait = this.lastEmit + emitIntervalMs - Date.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    this.lastEmit = Date.now();
    this.emit(this.snapshot());
  }
}
