/**
 * The vector bench's synthetic faces are meant to be shaped like real ones. This holds the
 * generator to real faceres embeddings of the labelled datasets: how many dimensions a person's
 * faces vary in (participation ratio of the within-person residuals), how alike two faces of one
 * person are, and how alike faces of different people are.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFaceGenerator,
  facesInGroups,
  isotropicFaceShape,
  realFaceShape,
  withinPersonParticipationRatio,
  type FaceShape,
} from '../../bench/vectors-synthetic';
import { embedLabelledFaces } from '../../src/main/people/eval/cluster-eval';
import { datasetsDir, hasDatasets, hasPack } from '../ml/fixtures';

type People = readonly (readonly Float32Array[])[];

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((dot, value, d) => dot + value * (b[d] as number), 0);

function medianSameCosine(groups: People): number {
  const cosines: number[] = [];
  for (const faces of groups) faces.forEach((a, i) => faces.slice(i + 1).forEach((b) => cosines.push(cosine(a, b))));
  cosines.sort((x, y) => x - y);
  return cosines[Math.floor(cosines.length / 2)] as number;
}

/** Mean and standard deviation of the cosine between faces of different people. */
function strangerCosines(groups: People): { mean: number; sd: number } {
  const cosines: number[] = [];
  groups.forEach((faces, i) => groups.slice(i + 1).forEach((others) => faces.forEach((a) => others.forEach((b) => cosines.push(cosine(a, b))))));
  const mean = cosines.reduce((sum, c) => sum + c, 0) / cosines.length;
  return { mean, sd: Math.sqrt(cosines.reduce((sum, c) => sum + (c - mean) ** 2, 0) / cosines.length) };
}

/** Synthetic people in the real group sizes, repeated so the statistics are the shape's, not one draw's. */
function syntheticLike(real: People, shape: FaceShape, repeats = 1): Float32Array[][] {
  const sizes = Array.from({ length: repeats }, () => real.map((group) => group.length)).flat();
  return facesInGroups(createFaceGenerator({ dim: 1024, identityCount: 4000, seed: 3, shape }), sizes);
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
    const realRatio = withinPersonParticipationRatio(real);
    const generated = (shape: FaceShape) => withinPersonParticipationRatio(syntheticLike(real, shape));
    const [calibrated, isotropic] = [generated(realFaceShape), generated(isotropicFaceShape)];
    console.log(`within-person participation ratio: real ${realRatio.toFixed(1)}, synthetic ${calibrated.toFixed(1)}, isotropic ${isotropic.toFixed(1)}`);
    expect(Math.abs(calibrated - realRatio) / realRatio).toBeLessThan(0.15);
    expect(isotropic).toBeGreaterThan(1.5 * realRatio);
  });

  it('two faces of one person are as alike as in real photos (median cosine within 0.05)', () => {
    expect(Math.abs(medianSameCosine(syntheticLike(real, realFaceShape)) - medianSameCosine(real))).toBeLessThan(0.05);
  });

  it('faces of different people are as alike, and as unevenly so, as in real photos (cosine mean within 0.03, sd within 15%)', () => {
    const want = strangerCosines(real);
    const [calibrated, isotropic] = [realFaceShape, isotropicFaceShape].map((shape) => strangerCosines(syntheticLike(real, shape, 4)));
    const show = ({ mean, sd }: { mean: number; sd: number }) => `mean ${mean.toFixed(3)} sd ${sd.toFixed(3)}`;
    console.log(`cosine between different people: real ${show(want)}, synthetic ${show(calibrated!)}, isotropic ${show(isotropic!)}`);
    expect(Math.abs(calibrated!.mean - want.mean)).toBeLessThan(0.03);
    expect(Math.abs(calibrated!.sd - want.sd) / want.sd).toBeLessThan(0.15);
    expect(isotropic!.sd).toBeLessThan(0.6 * want.sd);
  });
});
