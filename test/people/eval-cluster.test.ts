/**
 * `evalCluster` and `sweepCluster` on the labelled datasets with real embeddings: each pack is
 * scored with its own manifest tuning, the per-identity splits add up to the scores, and a sweep
 * reproduces the single evaluation at the pack's own threshold.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceModels } from '../../src/main/ml/faces';
import { BUNDLED_PACK_DIR, loadFaceModels } from '../../src/main/ml/faces';
import { clusterDefaults } from '../../src/main/people/cluster';
import type { ClusterEvalReport } from '../../src/main/people/eval/cluster-eval';
import { evalCluster, sweepCluster } from '../../src/main/people/eval/cluster-eval';
import { readFacePack } from '../../src/main/pipeline/face-pack';
import { datasetsDir, hasDatasets, hasPack, repoRoot } from '../ml/fixtures';

const lfw10 = path.join(datasetsDir, 'lfw10');
const tvcast = path.join(datasetsDir, 'tvcast');
const v1Pack = path.join(repoRoot, 'resources/models/facet-blazeface-faceres-v1');

describe.skipIf(!hasPack || !hasDatasets)('cluster evaluation with the pack tuning, splits and sweeps', { tags: ['datasets'] }, () => {
  let models: FaceModels;
  let noModels: FaceModels;
  let cacheDir: string;
  let report: ClusterEvalReport;

  beforeAll(async () => {
    models = await loadFaceModels(BUNDLED_PACK_DIR, { threads: 1 });
    // Models that cannot embed, for runs that must read every face from the cache.
    noModels = { ...models, detectors: [], recognizer: { ...models.recognizer, embed: () => Promise.reject(new Error('cache miss')) } };
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'facet-eval-cluster-'));
    report = await evalCluster({ root: lfw10, models, cacheDir });
  });
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it("clusters with the evaluated pack's own tuning", () => {
    const tuning = models.manifest.recognizer.tuning;
    expect(report.methods.shipped.options).toEqual({ ...clusterDefaults, ...tuning.clustering });
    expect(report.methods.baseline.options.maxDistance).toBe(tuning.baselineMaxDistance);
    expect(report.modelVersion).toBe(models.modelVersion);
  });

  it('reports how each identity is spread over clusters, consistent with the scores', () => {
    for (const method of Object.values(report.methods)) {
      const { perIdentity, summary } = method.splits;
      expect(perIdentity.map((s) => s.identity)).toHaveLength(10);
      expect(perIdentity.reduce((t, s) => t + s.faces, 0)).toBe(100);
      expect(perIdentity.reduce((t, s) => t + s.unassigned, 0)).toBe(method.unassigned);
      expect(summary.split).toBe(perIdentity.filter((s) => s.clusters > 1).length);
      // Perfect BCubed recall means nobody is split and nobody left out, and the other way round.
      expect(summary.split === 0 && summary.withUnassigned === 0).toBe(method.bcubed.recall === 1);
    }
    // Measured with pack v2: every lfw10 person in one cluster of their own.
    expect(report.methods.shipped.splits.summary).toMatchObject({ split: 0, meanClusters: 1 });
    expect(report.methods.shipped.bcubed.f1).toBeGreaterThanOrEqual(0.97);
  });

  it("a sweep from the cache reproduces the evaluation at the pack's values and moves the right way around them", async () => {
    const { threshold } = models.manifest.recognizer.tuning.clustering;
    const shipped = await sweepCluster({ root: lfw10, models: noModels, cacheDir, method: 'shipped', values: [0.3, threshold, 0.95] });
    expect(shipped).toMatchObject({ method: 'shipped', parameter: 'threshold', faces: 100, identities: 10 });
    const { threshold: _t, ...fixed } = report.methods.shipped.options;
    expect(shipped.options).toEqual(fixed);
    const [low, atPack, high] = shipped.rows;
    expect(atPack!.value).toBe(threshold);
    const { splits: _s, options: _o, ...scores } = report.methods.shipped;
    expect(atPack).toEqual({ value: threshold, ...scores, split: report.methods.shipped.splits.summary.split });
    // Too strict splits people (recall drops), too loose merges them (precision drops).
    expect(low!.bcubed.recall).toBeLessThan(atPack!.bcubed.recall);
    expect(high!.bcubed.precision).toBeLessThan(atPack!.bcubed.precision);

    const baseline = await sweepCluster({
      root: lfw10,
      models: noModels,
      cacheDir,
      method: 'baseline',
      values: [report.methods.baseline.options.maxDistance!],
    });
    expect(baseline.parameter).toBe('maxDistance');
    expect(baseline.rows[0]!.bcubed).toEqual(report.methods.baseline.bcubed);
    expect(baseline.rows[0]!.clusters).toBe(report.methods.baseline.clusters);
  });

  it('explicit options win over the pack tuning', async () => {
    const tuned = await evalCluster({ root: lfw10, models: noModels, cacheDir, shipped: { threshold: 0.5 }, baseline: { maxDistance: 0.45 } });
    expect(tuned.methods.shipped.options.threshold).toBe(0.5);
    expect(tuned.methods.shipped.options.attachDistance).toBe(models.manifest.recognizer.tuning.clustering.attachDistance);
    expect(tuned.methods.baseline.options.maxDistance).toBe(0.45);
  });

  it('a pack given by folder brings its own tuning (pack v1)', async () => {
    const v1 = await readFacePack(v1Pack);
    const v1Report = await evalCluster({ root: tvcast, packDir: v1Pack, cacheDir });
    expect(v1Report.modelVersion).toBe(`${v1.name}-v${v1.version}`);
    expect(v1Report.methods.shipped.options).toEqual({ ...clusterDefaults, ...v1.recognizer.tuning.clustering });
    expect(v1Report.methods.baseline.options.maxDistance).toBe(v1.recognizer.tuning.baselineMaxDistance);
    expect(v1Report).toMatchObject({ faces: 40, identities: 8 });
    expect(v1Report.methods.shipped.bcubed.precision).toBeGreaterThanOrEqual(0.98);
  });
});

if (!hasDatasets) console.warn(`SKIPPING cluster evaluation tests: ${datasetsDir} is absent`);
