/** Exponential backoff with full jitter, bounded by attempts and by elapsed time. */
import { setTimeout as sleep } from 'node:timers/promises';
import { classifyFailure, isTransient } from './errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No new attempt starts once this much time has passed since the first. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Full jitter (AWS architecture blog): uniform in [0, min(cap, base * 2^retry)). */
export function fullJitterDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry));
}

/** The retry allowance of one logical operation (a listing page, or one object across its resumes). */
export class RetryBudget {
  private attemptsMade = 1;
  private readonly startedAt = Date.now();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  get attempts(): number {
    return this.attemptsMade;
  }

  /** Delay before one more attempt, or null when the attempts or the time are spent. */
  nextDelay(): number | null {
    if (this.attemptsMade >= this.policy.maxAttempts) return null;
    const delay = fullJitterDelay(this.attemptsMade - 1, this.policy, this.random);
    if (Date.now() - this.startedAt + delay > this.policy.maxElapsedMs) return null;
    this.attemptsMade += 1;
    return delay;
  }
}

/** Runs the operation until it succeeds, fails permanently, or the budget is spent (then rethrows). */
export async function retrying<T>(budget: RetryBudget, operation: () => Promise<T>, onRetry: (error: unknown, delayMs: number) => void): Promise<T> {
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      const delay = isTransient(classifyFailure(error)) ? budget.nextDelay() : null;
      if (delay === null) throw error;
      onRetry(error, delay);
      await sleep(delay);
    }
  }
}
