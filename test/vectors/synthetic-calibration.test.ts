/**
 * The vector bench's synthetic faces are meant to be shaped like real ones. This holds each
 * calibrated shape (bench/vectors-synthetic.ts: the default pack's, and pack v1's by name) to the
 * real embeddings its pack's recognizer makes of the labelled datasets: how many dimensions a
 * person's faces vary in (participation ratio of the within-person residuals), how alike two faces
 * of one person are, and how alike faces of different people are.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatistics, realPeople, statisticsOf, syntheticStatistics, tolerance, type ShapeStatistics } from '../../bench/shape-calibration';
import { calibratedFaceShapes, isotropicFaceShape } from '../../bench/vectors-synthetic';
import { facePackDir } from '../../src/main/pipeline/face-pack';
import { datasetsDir, hasDatasets } from '../ml/fixtures';

const shapes = calibratedFaceShapes.map((shape) => ({ ...shape, packDir: facePackDir(undefined, shape.pack) }));
for (const { pack, packDir } of shapes) {
  if (!existsSync(path.join(packDir, 'manifest.json'))) console.warn(`SKIPPING the calibration of ${pack}'s synthetic faces: no model pack at ${packDir}`);
}

describe.skipIf(!hasDatasets).each(shapes.filter(({ packDir }) => existsSync(path.join(packDir, 'manifest.json'))))(
  'synthetic $name faces ($dim-d) against real $pack embeddings (lfw10 + tvcast)',
  { tags: ['datasets'] },
  (shape) => {
    let cacheDir: string;
    let real: ShapeStatistics;
    let calibrated: ShapeStatistics;
    let isotropic: ShapeStatistics;

    beforeAll(async () => {
      cacheDir = await mkdtemp(path.join(os.tmpdir(), 'facet-calibration-'));
      const people = await realPeople(datasetsDir, shape.packDir, cacheDir);
      real = statisticsOf(people);
      calibrated = syntheticStatistics(people, shape, shape.dim);
      isotropic = syntheticStatistics(people, isotropicFaceShape, shape.dim);
      console.log(`${shape.name}: real ${formatStatistics(real)}\n  synthetic ${formatStatistics(calibrated)}\n  isotropic ${formatStatistics(isotropic)}`);
    }, 300_000);
    afterAll(() => rm(cacheDir, { recursive: true, force: true }));

    it('a person varies in as many dimensions as real people do (participation ratio within 15%), unlike isotropic noise', () => {
      expect(Math.abs(calibrated.participationRatio - real.participationRatio) / real.participationRatio).toBeLessThan(tolerance.participationRatio);
      expect(isotropic.participationRatio).toBeGreaterThan(1.5 * real.participationRatio);
    });

    it('two faces of one person are as alike as in real photos (median cosine within 0.05)', () => {
      expect(Math.abs(calibrated.sameMedian - real.sameMedian)).toBeLessThan(tolerance.sameMedian);
    });

    it('faces of different people are as alike, and as unevenly so, as in real photos (cosine mean within 0.03, sd within 15%)', () => {
      expect(Math.abs(calibrated.stranger.mean - real.stranger.mean)).toBeLessThan(tolerance.strangerMean);
      expect(Math.abs(calibrated.stranger.sd - real.stranger.sd) / real.stranger.sd).toBeLessThan(tolerance.strangerSd);
      expect(isotropic.stranger.sd).toBeLessThan(0.6 * real.stranger.sd);
    });
  },
);
