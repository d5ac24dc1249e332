import { rmSync } from 'node:fs';
import { backUpCatalog, defaultBackupPolicy, listBackups, type BackupPolicy, type CatalogBackup } from './backups';
import type { Catalog } from './catalog';
import { CatalogDamagedError } from './catalog-errors';
import { log } from '../log';

const dailyCheckMs = 3_600_000;

/**
 * When the open library copies its catalog: after indexing runs (at most every minIntervalMs) and
 * daily, each once the library has been quiet for a while or when it closes, one copy at a time.
 */
export class BackupSchedule {
  private readonly policy: BackupPolicy;
  private due = false;
  private quietTimer: NodeJS.Timeout | null = null;
  private readonly dailyTimer: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;
  private damage: string | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly dir: string,
    policy: Partial<BackupPolicy> = {},
    private readonly warn: (message: string, error: unknown) => void = (message, error) => log.warn(message, error),
  ) {
    this.policy = { ...defaultBackupPolicy, ...policy };
    this.checkDaily();
    this.dailyTimer = setInterval(() => this.checkDaily(), dailyCheckMs).unref();
  }

  /** An indexing run ended: its result is worth keeping unless a copy was taken just now. */
  afterIndexing(): void {
    if (this.newestAgeMs() >= this.policy.minIntervalMs) this.markDue();
  }

  /** Damage the latest copy found in the catalog (what to do, in words), until a copy succeeds. */
  get problem(): string | null {
    return this.damage;
  }

  /** Takes a copy now (after any copy in progress); it stands for any copy that was due. */
  backUpNow(): Promise<CatalogBackup> {
    this.due = false;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    const run = this.running.then(() => {
      try {
        const backup = backUpCatalog(this.catalog.db, this.dir, this.policy.keep);
        this.damage = null;
        return backup;
      } catch (error) {
        if (error instanceof CatalogDamagedError) this.damage = error.message;
        throw error;
      }
    });
    this.running = run.catch(() => undefined);
    return run;
  }

  /**
   * Biometrics were erased for good (a person forgotten, a guest or event deleted): older copies
   * still hold them, so they go, and one fresh copy without them takes their place.
   */
  async replaceAllCopies(): Promise<void> {
    const fresh = await this.backUpNow().catch((error: unknown) => {
      this.warn('cannot back up the catalog after an erasure:', error);
      return null;
    });
    for (const old of listBackups(this.dir)) if (old.file !== fresh?.file) rmSync(old.file, { force: true });
  }

  /** Takes the copy still due, then stops. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.dailyTimer);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.due) await this.takeDue();
    await this.running;
  }

  private checkDaily(): void {
    // An empty library has nothing to lose yet.
    if (this.newestAgeMs() >= this.policy.maxAgeMs && this.catalog.sources.list().length > 0) this.markDue();
  }

  private newestAgeMs(): number {
    const newest = listBackups(this.dir)[0];
    return newest ? Date.now() - newest.takenAt.getTime() : Infinity;
  }

  private markDue(): void {
    if (this.closed) return;
    this.due = true;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => void this.takeDue(), this.policy.quietMs).unref();
  }

  private async takeDue(): Promise<void> {
    if (!this.catalog.db.open) return;
    await this.backUpNow().catch((error: unknown) => this.warn('cannot back up the catalog:', error));
  }
}
