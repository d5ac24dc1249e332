/**
 * The vector bench's synthetic faces are meant to be shaped like real ones. This holds the
 * generator to real faceres embeddings of the labelled datasets: how many dimensions a person's
 * faces vary in (participation ratio of the within-person residuals) and how alike two faces of
 * one person are.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceGenerator, facesInGroups, withinPersonParticipationRatio } from '../../bench/vectors-synthetic';
import { embedLabelledFaces } from '../../src/main/people/eval/cluster-eval';
import { datasetsDir, hasDatasets, hasPack } from '../ml/fixtures';

function medianSameCosine(groups: readonly (readonly Float32Array[])[]): number {
  const cosines: number[] = [];
  for (const faces of groups) {
    faces.forEach((a, i) =>
      faces.slice(i + 1).forEach((b) => cosines.push(a.reduce((dot, value, d) => dot + value * (b[d] as number), 0))),
    );
  }
  cosines.sort((x, y) => x - y);
  return cosines[Math.floor(cosines.length / 2)] as number;
}

describe.skipIf(!hasPack || !hasDatasets)('synthetic faces against real embeddings (lfw10 + tvcast)', () => {
  let cacheDir: string;
  let real: Float32Array[][];

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'facet-calibration-'));
    const { faces } = await embedLabelledFaces({ root: [path.join(datasetsDir, 'lfw10'), path.join(datasetsDir, 'tvcast')], cacheDir });
    const byIdentity = new Map<string, Float32Array[]>();
    for (const face of faces) byIdentity.set(face.identity, [...(byIdentity.get(face.identity) ?? []), face.embedding]);
    real = [...byIdentity.values()].filter((group) => group.length >= 2);
  }, 300_000);
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('a person varies in as many dimensions as real people do (participation ratio within 15%), unlike isotropic noise', () => {
    const sizes = real.map((group) => group.length);
    const realRatio = withinPersonParticipationRatio(real);
    const generated = (noiseDecay?: number) =>
      withinPersonParticipationRatio(facesInGroups(createFaceGenerator({ dim: 1024, identityCount: 2000, seed: 3, noiseDecay }), sizes));
    console.log(`within-person participation ratio: real ${realRatio.toFixed(1)}, synthetic ${generated().toFixed(1)}, isotropic ${generated(0).toFixed(1)}`);
    expect(Math.abs(generated() - realRatio) / realRatio).toBeLessThan(0.15);
    expect(generated(0)).toBeGreaterThan(1.5 * realRatio);
  });

  it('two faces of one person are as alike as in real photos (median cosine within 0.05)', () => {
    const synthetic = facesInGroups(createFaceGenerator({ dim: 1024, identityCount: 2000, seed: 3 }), real.map((group) => group.length));
    expect(Math.abs(medianSameCosine(synthetic) - medianSameCosine(real))).toBeLessThan(0.05);
  });
});
