/** `facet eval cluster` prints the clustering evaluation of person folders as JSON. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PACK_DIR } from '../../src/main/ml/faces';
import type { ClusterEvalReport } from '../../src/main/people/eval/cluster-eval';
import type { ModelManifest } from '../../src/shared/model-manifest';
import { hasPeopleDatasets, lfw10, repoRoot, tvcast } from './helpers';

const run = promisify(execFile);

describe.skipIf(!hasPeopleDatasets)('facet eval cluster', { tags: ['datasets'] }, () => {
  it('scores the shipped clustering and the baseline on two folders of person folders', async () => {
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'bin/facet.js'), 'eval', 'cluster', lfw10, tvcast], {
      cwd: repoRoot,
      maxBuffer: 1 << 24,
    });
    const report = JSON.parse(stdout) as ClusterEvalReport;
    expect(report).toMatchObject({ images: 140, faces: 140, identities: 18 });
    expect(report.methods.shipped.bcubed.f1).toBeGreaterThan(0.98);
    // The default pack's own thresholds, from its manifest.
    const manifest = JSON.parse(readFileSync(path.join(BUNDLED_PACK_DIR, 'manifest.json'), 'utf8')) as ModelManifest;
    expect(report.methods.shipped.options.threshold).toBe(manifest.recognizer.tuning.clustering.threshold);
    expect(report.methods.baseline.options.maxDistance).toBe(manifest.recognizer.tuning.baselineMaxDistance);
    expect(report.methods.baseline.bcubed.f1).toBeGreaterThan(0);
  });

  it('fails with exit code 2 and the reason for a folder without person folders', async () => {
    await expect(
      run(process.execPath, [path.join(repoRoot, 'bin/facet.js'), 'eval', 'cluster', path.join(lfw10, 'Tony_Blair')], { cwd: repoRoot }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('needs person folders'),
    });
  });
});
