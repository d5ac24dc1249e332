/** `facet eval verify` over several folders and `facet eval cluster --sweep-*`, through the real command. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../src/main/ml/eval/verify';
import type { ClusterSweepReport } from '../../src/main/people/eval/cluster-eval';
import { datasetsDir, hasDatasets, hasPack, repoRoot } from '../ml/fixtures';

const run = promisify(execFile);
const lfw10 = path.join(datasetsDir, 'lfw10');
const tvcast = path.join(datasetsDir, 'tvcast');

async function facet(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/facet.js'), ...args], { cwd: repoRoot, maxBuffer: 1 << 24 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe.skipIf(!hasPack || !hasDatasets)('facet eval (CLI)', { tags: ['datasets'] }, () => {
  it('verify takes several folders: one run with cross-set pairs and a calibration fit', async () => {
    const { stdout, code, stderr } = await facet('eval', 'verify', lfw10, tvcast);
    expect(stderr).not.toMatch(/facet:/);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as VerifyReport;
    // 140 images: C(140, 2) = 9730 pairs, 450 + 80 of them same-person.
    expect(report).toMatchObject({ images: 140, facesFound: 140, pairs: { same: 530, different: 9200 } });
    expect(report.calibration.slope).toBeGreaterThan(0);
    expect(report.calibration.similarityAt.p50).toBeGreaterThan(report.calibration.different.median);
  });

  it('cluster --sweep-threshold prints a table, one row per threshold', async () => {
    const { stdout, code } = await facet('eval', 'cluster', lfw10, '--sweep-threshold', '0.50:0.80:0.10');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^# shipped .*100 faces, 10 identities/);
    expect(lines[1]!.trim().split(/\s+/)).toEqual(['threshold', 'bcubedF1', 'precision', 'recall', 'pairwiseF1', 'clusters', 'unassigned', 'split']);
    const rows = lines.slice(2).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => r[0])).toEqual(['0.50', '0.60', '0.70', '0.80']);
    for (const r of rows) expect(Number(r[1])).toBeGreaterThan(0.5);
  });

  it('cluster --sweep-baseline --json prints the sweep as JSON; a bad range exits 2', async () => {
    const { stdout, code } = await facet('eval', 'cluster', tvcast, '--sweep-baseline', '0.5:0.6:0.05', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ClusterSweepReport;
    expect(report).toMatchObject({ method: 'baseline', parameter: 'maxDistance', faces: 40 });
    expect(report.rows.map((r) => r.value)).toEqual([0.5, 0.55, 0.6]);
    const bad = await facet('eval', 'cluster', tvcast, '--sweep-baseline', '0.6:0.5:0.05');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('start:stop:step');
  });
});
