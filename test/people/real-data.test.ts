/**
 * Clustering the labelled datasets with the real face pipeline (no embedding cache carried over
 * between runs, so a regression in detection, alignment or the recognizer shows up here too).
 *
 * Pack v2 (ArcFace-template recognizer, large faces from the close-range detector). Thresholds
 * were chosen on lfw10 alone (its plateau of BCubed F1 1.000 spans 0.70-0.78; 0.74 is its middle);
 * tvcast is the check (1.000 from 0.66 to 0.82). Measured (BCubed F1 / precision, clusters):
 *   lfw10          shipped 1.000 / 1.000, 10   baseline (Immich, maxDistance 0.67) 1.000 / 1.000, 10
 *   tvcast         shipped 1.000 / 1.000, 8    baseline 1.000 / 1.000, 8
 *   lfw10+tvcast   shipped 1.000 / 1.000, 18   baseline 1.000 / 1.000;  stock Immich (0.5) 0.976
 * Floors sit a misplaced face or two under those numbers, so noise passes and a real regression
 * (two people merged, a person split) fails.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceModels } from '../../src/main/ml/faces';
import { BUNDLED_PACK_DIR, detectAndEmbed, loadFaceModels } from '../../src/main/ml/faces';
import { readRawImage } from '../../src/main/ml/image';
import type { ClusterEvalReport } from '../../src/main/people/eval/cluster-eval';
import { evalCluster } from '../../src/main/people/eval/cluster-eval';
import { datasetsDir, hasDatasets, hasPack } from '../ml/fixtures';

const lfw10 = path.join(datasetsDir, 'lfw10');
const tvcast = path.join(datasetsDir, 'tvcast');

describe.skipIf(!hasPack || !hasDatasets)('people clustering on the labelled datasets', { tags: ['datasets'] }, () => {
  let models: FaceModels;
  let cacheDir: string;
  const reports: Record<string, ClusterEvalReport> = {};

  beforeAll(async () => {
    models = await loadFaceModels(BUNDLED_PACK_DIR, { threads: 1 });
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'facet-people-'));
    reports.lfw10 = await evalCluster({ root: lfw10, models, cacheDir });
    reports.tvcast = await evalCluster({ root: tvcast, models, cacheDir });
  });
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('lfw10 (the tuning set): every person found, none merged', () => {
    const { shipped, baseline } = reports.lfw10!.methods;
    console.log('lfw10', JSON.stringify(reports.lfw10));
    expect(reports.lfw10).toMatchObject({ images: 100, faces: 100, identities: 10 });
    expect(shipped.bcubed.f1).toBeGreaterThanOrEqual(0.99);
    expect(shipped.bcubed.precision).toBeGreaterThanOrEqual(0.99);
    expect(shipped.clusters).toBe(10);
    expect(shipped.bcubed.f1).toBeGreaterThanOrEqual(baseline.bcubed.f1);
  });

  it('tvcast (held out): small grey TV stills still cluster without merging people', () => {
    const { shipped, baseline } = reports.tvcast!.methods;
    console.log('tvcast', JSON.stringify(reports.tvcast));
    expect(reports.tvcast).toMatchObject({ faces: 40, identities: 8 });
    expect(shipped.bcubed.f1).toBeGreaterThanOrEqual(0.95);
    expect(shipped.bcubed.precision).toBeGreaterThanOrEqual(0.98);
    // Nobody split: a face the model is unsure of stays unsorted instead of founding a second person.
    expect(shipped.clusters).toBe(8);
    expect(shipped.bcubed.f1).toBeGreaterThanOrEqual(baseline.bcubed.f1);
  });

  it('both together, from the embedding cache: shipped >= baseline, BCubed F1 >= 0.98 at precision >= 0.99', async () => {
    // Models that cannot embed: every face must come from the cache the first two runs wrote.
    const noModels: FaceModels = { ...models, detectors: [], recognizer: { ...models.recognizer, embed: () => Promise.reject(new Error('cache miss')) } };
    const report = await evalCluster({ root: [lfw10, tvcast], models: noModels, cacheDir });
    console.log('lfw10+tvcast', JSON.stringify(report));
    expect(report).toMatchObject({ images: 140, faces: 140, noFace: [], identities: 18 });
    const { shipped, baseline } = report.methods;
    expect(shipped.bcubed.f1).toBeGreaterThanOrEqual(0.98);
    expect(shipped.pairwise.f1).toBeGreaterThanOrEqual(0.97);
    expect(shipped.bcubed.precision).toBeGreaterThanOrEqual(0.99);
    expect(shipped.clusters).toBeGreaterThanOrEqual(18);
    expect(shipped.clusters).toBeLessThanOrEqual(20);
    expect(shipped.bcubed.f1).toBeGreaterThanOrEqual(baseline.bcubed.f1);
    expect(shipped.pairwise.f1).toBeGreaterThanOrEqual(baseline.pairwise.f1);
    // Immich's own setting, made for ArcFace embeddings, is close on this ArcFace-template model but
    // splits a person (faceres chained at it: 0.560); the shipped clustering does better.
    const stock = await evalCluster({ root: [lfw10, tvcast], models: noModels, cacheDir, baseline: { maxDistance: 0.5 } });
    expect(stock.methods.baseline.bcubed.f1).toBeLessThan(shipped.bcubed.f1);
  });

  it('small, soft copies of both sets (faces a third the size, blurred, JPEG 35): the shipped clustering beats the baseline', async () => {
    // Generated here, tuned on by nobody but the quality gate (chosen on the lfw10 half; measured:
    // shipped 0.885 / precision 0.959 against the baseline's 0.791 / 0.850).
    const roots: string[] = [];
    for (const source of [lfw10, tvcast]) {
      const root = path.join(cacheDir, 'hard', path.basename(source));
      roots.push(root);
      for (const person of (await readdir(source)).sort()) {
        await mkdir(path.join(root, person), { recursive: true });
        for (const name of (await readdir(path.join(source, person))).sort()) {
          const file = path.join(source, person, name);
          const { width } = await sharp(file).metadata();
          await sharp(file)
            .resize(Math.round(width! / 3))
            .blur(0.6)
            .jpeg({ quality: 35 })
            .toFile(path.join(root, person, `${path.parse(name).name}.jpg`));
        }
      }
    }
    const report = await evalCluster({ root: roots, models, cacheDir });
    console.log('hard lfw10+tvcast', JSON.stringify({ shipped: report.methods.shipped.bcubed, baseline: report.methods.baseline.bcubed }));
    const { shipped, baseline } = report.methods;
    expect(shipped.bcubed.f1).toBeGreaterThan(baseline.bcubed.f1 + 0.05);
    expect(shipped.bcubed.precision).toBeGreaterThanOrEqual(0.93);
  });

  it('aligned mode clusters ready-made face crops without detection', async () => {
    const root = path.join(cacheDir, 'aligned');
    for (const person of ['Colin_Powell', 'Hugo_Chavez', 'Tony_Blair']) {
      await mkdir(path.join(root, person), { recursive: true });
      for (const name of (await readdir(path.join(lfw10, person))).sort().slice(0, 4)) {
        const image = await readRawImage(path.join(lfw10, person, name));
        const [face] = await detectAndEmbed(image, { models });
        const size = models.recognizer.size;
        const crop = models.recognizer.align(image, face!.keypoints);
        await sharp(crop, { raw: { width: size, height: size, channels: 3 } })
          .png()
          .toFile(path.join(root, person, `${name}.png`));
      }
    }
    const report = await evalCluster({ root, aligned: true, models, cacheDir: null });
    expect(report).toMatchObject({ images: 12, faces: 12, identities: 3 });
    expect(report.methods.shipped.bcubed.f1).toBe(1);
  });

  it('names the folder when the root is not a folder of person folders', async () => {
    await expect(evalCluster({ root: path.join(cacheDir, 'missing'), models, cacheDir: null })).rejects.toThrow(/missing: could not be read/);
  });
});

if (!hasDatasets) console.warn(`SKIPPING people clustering on datasets: ${datasetsDir} is absent`);
