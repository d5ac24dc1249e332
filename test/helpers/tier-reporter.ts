/**
 * Counts one test tier (FACET_TEST_TIER: `fast` or `datasets`) and writes the totals to
 * FACET_TIER_REPORT for `npm test`'s closing line. Tests outside the tier (left out by the tags
 * filter) are not counted.
 *
 * The fast tier never skips: a skipped test there fails the run and is named, since a suite that
 * quietly skips on a fresh machine is a suite nobody runs. The datasets tier may skip, loudly, where
 * ../shared/datasets is absent.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export interface TierTotals {
  tier: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Fast tier only: tests that skipped, which the tier does not allow. */
  unexpectedSkips: string[];
  /** Test files that could not be loaded (their tests never ran). */
  brokenFiles: string[];
}

export default class TierReporter implements Reporter {
  private readonly tier = process.env.FACET_TEST_TIER === 'datasets' ? 'datasets' : 'fast';

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const totals: TierTotals = { tier: this.tier, passed: 0, failed: 0, skipped: 0, unexpectedSkips: [], brokenFiles: [] };
    for (const testModule of testModules) {
      if (testModule.errors().length > 0) totals.brokenFiles.push(testModule.relativeModuleId);
      for (const testCase of testModule.children.allTests()) {
        if (testCase.tags.includes('datasets') !== (this.tier === 'datasets')) continue;
        const state = testCase.result().state;
        if (state === 'passed') totals.passed += 1;
        else if (state === 'failed') totals.failed += 1;
        else if (state === 'skipped') {
          totals.skipped += 1;
          if (this.tier === 'fast') totals.unexpectedSkips.push(`${testModule.relativeModuleId} > ${testCase.fullName}`);
        }
      }
    }
    if (process.env.FACET_TIER_REPORT) writeFileSync(process.env.FACET_TIER_REPORT, JSON.stringify(totals, null, 2));
    if (totals.unexpectedSkips.length > 0) {
      process.stderr.write(
        `\nThe fast tier never skips, but ${totals.unexpectedSkips.length} test(s) did:\n${totals.unexpectedSkips.map((name) => `  - ${name}`).join('\n')}\n`,
      );
      process.exitCode = 1;
    }
  }
}
