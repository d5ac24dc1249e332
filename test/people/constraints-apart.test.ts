/**
 * "Not the same person" (a rejected same-person suggestion) is a cannot-link between two people:
 * re-clustering never puts them together, even when their faces look alike and the thresholds
 * would merge everything; and the "same person?" rule in pack terms.
 */
import { describe, expect, it } from 'vitest';
import type { Assignments, UserConstraints } from '../../src/main/people';
import { assignNewFaces, noConstraints, reclusterWithConstraints } from '../../src/main/people';
import { addFace, closeCentroids, samePersonBounds, suggestProbability, type PersonCentroid } from '../../src/main/people/same-person';
import { noisyCopy, random, syntheticFaces } from './synthetic';

// Two people on one centre (a look-alike pair), and a third elsewhere.
const { faces: base, centres } = syntheticFaces({ identities: 2, facesEach: 8, spread: 0.15, seed: 41 });
const rand = random(42);
const twins = Array.from({ length: 8 }, (_, i) => ({ id: 300 + i, identity: 'twin', embedding: noisyCopy(centres[0]!, 0.15, rand), quality: 0.9 }));
const faces = [...base, ...twins];
const idsOf = (identity: string) => faces.filter((f) => f.identity === identity).map((f) => f.id);
const [a, b, c] = [1, 2, 3];
const existing: Assignments = new Map([
  ...idsOf('p0').map((id) => [id, a] as const),
  ...idsOf('twin').map((id) => [id, b] as const),
  ...idsOf('p1').map((id) => [id, c] as const),
]);
const apart: UserConstraints = { ...noConstraints, apart: [{ personId: a, otherPersonId: b }] };

describe('"not the same person" between two people', () => {
  it('setup: without it the clustering makes the look-alikes one person', () => {
    const { assignments } = reclusterWithConstraints(faces, existing, noConstraints);
    expect(new Set([...idsOf('p0'), ...idsOf('twin')].map((id) => assignments.get(id))).size).toBe(1);
  });

  it('keeps both people, each with its faces, at any threshold', () => {
    for (const options of [{}, { threshold: 1.5 }, { threshold: 0.01 }]) {
      const { assignments } = reclusterWithConstraints(faces, existing, apart, options);
      expect(idsOf('p0').map((id) => assignments.get(id))).toEqual(Array(8).fill(a));
      expect(idsOf('twin').map((id) => assignments.get(id))).toEqual(Array(8).fill(b));
    }
  });

  it('holds through a merge of one of them: the survivor stays apart from the other', () => {
    const merged: UserConstraints = { ...apart, merged: [{ from: b, into: c }] };
    const { assignments } = reclusterWithConstraints(faces, existing, merged, { threshold: 1.5 });
    expect(new Set(idsOf('p0').map((id) => assignments.get(id)))).toEqual(new Set([a]));
    expect(new Set(idsOf('twin').map((id) => assignments.get(id)))).toEqual(new Set([c]));
  });

  it('new faces between them join one of the two and never join them up', () => {
    const newcomers = Array.from({ length: 4 }, (_, i) => ({ id: 900 + i, identity: 'new', embedding: noisyCopy(centres[0]!, 0.15, rand), quality: 0.9 }));
    const { assignments } = assignNewFaces(newcomers, faces, existing, apart, { threshold: 1.5 });
    for (const face of newcomers) expect([a, b]).toContain(assignments.get(face.id));
    const again = reclusterWithConstraints([...faces, ...newcomers], new Map([...existing, ...assignments]), apart, { threshold: 1.5 });
    expect(new Set(idsOf('p0').map((id) => again.assignments.get(id)))).toEqual(new Set([a]));
    expect(new Set(idsOf('twin').map((id) => again.assignments.get(id)))).toEqual(new Set([b]));
  });
});

describe('"same person?" rule', () => {
  it('pairs people by the distance of their centroids (their average face distance), closest first', () => {
    const centroid = (personId: number, identity: string): PersonCentroid => {
      const sum: PersonCentroid = { personId, sum: new Float32Array(faces[0]!.embedding.length), count: 0 };
      for (const face of faces.filter((f) => f.identity === identity)) addFace(sum, face.embedding);
      return sum;
    };
    const people = [centroid(a, 'p0'), centroid(b, 'twin'), centroid(c, 'p1')];
    const all = closeCentroids(people, 2);
    expect(all).toHaveLength(3);
    expect(all.map((p) => p.distance)).toEqual(all.map((p) => p.distance).sort((x, y) => x - y));
    expect(all[0]).toMatchObject({ personId: a, otherPersonId: b });
    // The average of every pair's distance, computed the long way.
    const [p0, twin] = [faces.filter((f) => f.identity === 'p0'), faces.filter((f) => f.identity === 'twin')];
    let total = 0;
    for (const x of p0) for (const y of twin) total += 1 - x.embedding.reduce((s, v, i) => s + v * y.embedding[i]!, 0);
    expect(all[0]!.distance).toBeCloseTo(total / 64, 5);
    expect(closeCentroids(people, all[0]!.distance)).toHaveLength(1);
  });

  it('bounds come from the pack: p(same) = suggestProbability on its calibration, never under its merge threshold', () => {
    const tuning = { clustering: { threshold: 0.72, attachDistance: 0.55, minQuality: 0.4 }, similarity: { slope: 21.587, intercept: -5.747 } };
    const bounds = samePersonBounds(tuning);
    const s = 1 - bounds.centroidDistance;
    expect(1 / (1 + Math.exp(-(tuning.similarity.slope * s + tuning.similarity.intercept)))).toBeCloseTo(suggestProbability, 6);
    expect(bounds.centroidDistance).toBeCloseTo(0.836, 3);
    expect(bounds.nearestDistance).toBe(0.55);
    expect(samePersonBounds({ ...tuning, clustering: { ...tuning.clustering, threshold: 0.95 } }).centroidDistance).toBe(0.95);
  });
});
