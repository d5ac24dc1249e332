/**
 * Verification on the labelled datasets (all same-identity vs all different-identity pairs).
 * Floors sit a little under what was measured (lfw10 AUC 0.991, tvcast 0.974), so a regression in
 * detection, alignment or preprocessing fails here while run-to-run noise does not.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalVerify } from '../../src/main/ml/eval/verify';
import type { FaceModels } from '../../src/main/ml/faces';
import { BUNDLED_PACK_DIR, detectAndEmbed, loadFaceModels } from '../../src/main/ml/faces';
import { readRawImage } from '../../src/main/ml/image';
import { datasetsDir, hasDatasets, hasPack } from './fixtures';

describe.skipIf(!hasPack || !hasDatasets)('face verification on datasets', () => {
  let models: FaceModels;
  let tmp: string;
  beforeAll(async () => {
    models = await loadFaceModels(BUNDLED_PACK_DIR, { threads: 1 });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'facet-verify-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('lfw10: ROC AUC >= 0.98 with every face found', async () => {
    const report = await evalVerify({ root: path.join(datasetsDir, 'lfw10'), models });
    console.log('lfw10', JSON.stringify(report));
    expect(report.images).toBe(100);
    expect(report.facesFound).toBe(100);
    expect(report.pairs).toEqual({ same: 450, different: 4500 });
    expect(report.rocAuc).toBeGreaterThanOrEqual(0.98);
    expect(report.accuracyAtBest).toBeGreaterThan(0.93);
    expect(report.modelVersion).toBe(models.modelVersion);
    expect(report.provider).toBe('cpu');
  });

  it('tvcast: ROC AUC >= 0.96', async () => {
    const report = await evalVerify({ root: path.join(datasetsDir, 'tvcast'), models });
    console.log('tvcast', JSON.stringify(report));
    expect(report.facesFound).toBe(40);
    expect(report.rocAuc).toBeGreaterThanOrEqual(0.96);
  });

  it('reads a pairs CSV relative to root', async () => {
    const csv = path.join(tmp, 'pairs.csv');
    await writeFile(
      csv,
      [
        'file_x,file_y,Decision',
        'Colin_Powell/Colin_Powell_0001.jpg,Colin_Powell/Colin_Powell_0002.jpg,Yes',
        'Tony_Blair/Tony_Blair_0001.jpg,Tony_Blair/Tony_Blair_0003.jpg,Yes',
        'Colin_Powell/Colin_Powell_0001.jpg,Tony_Blair/Tony_Blair_0001.jpg,No',
        'Hugo_Chavez/Hugo_Chavez_0001.jpg,Vladimir_Putin/Vladimir_Putin_0001.jpg,No',
      ].join('\n'),
    );
    const report = await evalVerify({ root: path.join(datasetsDir, 'lfw10'), pairsCsv: csv, models });
    expect(report.images).toBe(6);
    expect(report.pairs).toEqual({ same: 2, different: 2 });
    expect(report.rocAuc).toBe(1);
  });

  it('aligned mode embeds ready-made face crops without detection', async () => {
    // Make aligned crops of three lfw10 people with the pipeline's own alignment.
    const root = path.join(tmp, 'aligned');
    for (const person of ['Colin_Powell', 'George_W_Bush', 'Gerhard_Schroeder']) {
      await mkdir(path.join(root, person), { recursive: true });
      for (const n of [1, 2, 3, 4]) {
        const image = await readRawImage(path.join(datasetsDir, 'lfw10', person, `${person}_000${n}.jpg`));
        const [face] = await detectAndEmbed(image, { models });
        const crop = models.recognizer.align(image, face!.keypoints);
        const size = models.recognizer.size;
        await sharp(crop, { raw: { width: size, height: size, channels: 3 } }).png().toFile(path.join(root, person, `${n}.png`));
      }
    }
    const report = await evalVerify({ root, aligned: true, models });
    expect(report).toMatchObject({ images: 12, facesFound: 12, pairs: { same: 18, different: 48 } });
    expect(report.rocAuc).toBeGreaterThan(0.95);
  });
});
