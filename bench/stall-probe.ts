/**
 * How late a 5 ms timer fires, tick after tick: the wait an API call arriving at that moment would
 * have had before the engine could start on it.
 */
const probePeriodMs = 5;

export class StallProbe {
  private readonly lateness: number[] = [];
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.lateness.push(Math.max(0, now - this.last - probePeriodMs));
    this.last = now;
  }, probePeriodMs);

  async stop(): Promise<{ maxStallMs: number; p99StallMs: number }> {
    // The stall that ends with the run is recorded when the timer next fires.
    await new Promise((resolve) => setTimeout(resolve, 2 * probePeriodMs));
    clearInterval(this.timer);
    const sorted = [...this.lateness].sort((a, b) => a - b);
    return { maxStallMs: sorted.at(-1) ?? 0, p99StallMs: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0 };
  }
}
