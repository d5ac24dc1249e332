/** The clustering methods on synthetic embeddings, where the right answer is known. */
import { describe, expect, it } from 'vitest';
import type { ClusterFace } from '../../src/main/people';
import { clusterFaces, clusterFacesImmich, exactNeighbours } from '../../src/main/people';
import { agglomerate } from '../../src/main/people/average-linkage';
import { scoreClustering } from '../../src/main/people/eval/metrics';
import { cosineDistance } from '../../src/main/people/neighbours';
import type { SyntheticFace } from './synthetic';
import { between, groupsOf, noisyCopy, random, randomUnit, syntheticFaces } from './synthetic';

const bcubedF1 = (faces: SyntheticFace[], a: Map<number, number | null>) =>
  scoreClustering(faces.map((f) => ({ identity: f.identity, cluster: a.get(f.id) ?? null }))).bcubed.f1;

/** Textbook average-linkage HAC over the full distance matrix: O(n³), for checking on small sets. */
function naiveAverageLinkage(faces: readonly ClusterFace[], threshold: number): number[][] {
  let clusters = faces.map((f) => [f]);
  const linkage = (a: ClusterFace[], b: ClusterFace[]) => {
    let sum = 0;
    for (const x of a) for (const y of b) sum += cosineDistance(x.embedding, y.embedding);
    return sum / (a.length * b.length);
  };
  for (;;) {
    let best = { d: Infinity, i: -1, j: -1 };
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const d = linkage(clusters[i]!, clusters[j]!);
        if (d < best.d) best = { d, i, j };
      }
    }
    if (best.d > threshold) break;
    const merged = [...clusters[best.i]!, ...clusters[best.j]!];
    clusters = clusters.filter((_, n) => n !== best.i && n !== best.j).concat([merged]);
  }
  return canonical(clusters.map((c) => c.map((f) => f.id)));
}

const canonical = (groups: number[][]) => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe('shipped average-linkage clustering', () => {
  it('equals textbook average linkage when the k-NN graph is complete', () => {
    // Hard case: spread identities whose faces overlap, so merge order matters.
    const { faces } = syntheticFaces({ identities: 6, facesEach: 10, spread: 0.4, seed: 7 });
    for (const threshold of [0.3, 0.42, 0.6]) {
      const ours = agglomerate({ faces, threshold, k: faces.length, neighbours: exactNeighbours(faces) });
      expect(canonical(ours.map((c) => c.faceIds))).toEqual(naiveAverageLinkage(faces, threshold));
    }
  });

  it('recovers well-separated identities exactly, also with a sparse k-NN graph', () => {
    const { faces } = syntheticFaces({ identities: 8, facesEach: 12, spread: 0.25, seed: 3 });
    for (const k of [4, 24]) {
      const assignments = clusterFaces(faces, { k });
      expect(bcubedF1(faces, assignments)).toBe(1);
      expect(new Set(assignments.values()).size).toBe(8);
    }
  });

  it('keeps two people apart when a chain of in-between faces links them (the baseline merges them)', () => {
    const rand = random(11);
    const a = randomUnit(rand, 64);
    const b = between(a, randomUnit(rand, 64), 0.8); // ~0.75 cosine distance from a
    expect(cosineDistance(a, b)).toBeGreaterThan(0.6);
    const faces: SyntheticFace[] = [];
    for (let i = 0; i < 10; i++) faces.push({ id: faces.length + 1, identity: 'A', embedding: noisyCopy(a, 0.1, rand), quality: 0.9 });
    // Photos arrive A, then the in-between faces, then B: the order the baseline depends on.
    for (let t = 0.1; t < 0.95; t += 0.1) faces.push({ id: faces.length + 1, identity: 'chain', embedding: between(a, b, t), quality: 0.9 });
    for (let i = 0; i < 10; i++) faces.push({ id: faces.length + 1, identity: 'B', embedding: noisyCopy(b, 0.1, rand), quality: 0.9 });

    const mixesAandB = (groups: string[][]) => groups.some((g) => g.includes('A') && g.includes('B'));
    expect(mixesAandB(groupsOf(faces, clusterFaces(faces)))).toBe(false);
    expect(mixesAandB(groupsOf(faces, clusterFacesImmich(faces, { maxDistance: 0.42 })))).toBe(true);
  });

  it('leaves single faces unsorted and makes people of pairs (minClusterSize 2)', () => {
    const { faces } = syntheticFaces({ identities: 3, facesEach: 1, spread: 0.2, seed: 5 });
    const pair = syntheticFaces({ identities: 1, facesEach: 2, spread: 0.2, seed: 6, firstId: 100 }).faces;
    const assignments = clusterFaces([...faces, ...pair]);
    expect(faces.map((f) => assignments.get(f.id))).toEqual([null, null, null]);
    expect(assignments.get(100)).not.toBeNull();
    expect(assignments.get(100)).toBe(assignments.get(101));
  });
});

describe('quality gate', () => {
  const { faces: good, centres } = syntheticFaces({ identities: 3, facesEach: 8, spread: 0.1, seed: 21 });
  const rand = random(22);

  it('low-quality faces never start a person of their own', () => {
    const stranger = randomUnit(rand, 64);
    const blurred = Array.from({ length: 6 }, (_, i) => ({ id: 500 + i, identity: 'X', embedding: noisyCopy(stranger, 0.1, rand), quality: 0.2 }));
    const gated = clusterFaces([...good, ...blurred]);
    expect(blurred.map((f) => gated.get(f.id))).toEqual(Array(6).fill(null));
    // Control: without the gate the same faces do form a person.
    const ungated = clusterFaces([...good, ...blurred], { minQuality: 0 });
    expect(new Set(blurred.map((f) => ungated.get(f.id))).size).toBe(1);
    expect(ungated.get(500)).not.toBeNull();
  });

  it('a low-quality face joins a person only when it is close to one of its faces', () => {
    const members = good.filter((f) => f.identity === 'p0');
    const close = { id: 600, embedding: noisyCopy(centres[0]!, 0.1, rand), quality: 0.2 };
    // Off to the side: inside the merge threshold on average, outside the stricter attach distance.
    const far = { id: 601, embedding: between(centres[0]!, randomUnit(rand, 64), 0.55), quality: 0.2 };
    const nearest = Math.min(...members.map((m) => cosineDistance(far.embedding, m.embedding)));
    const mean = members.reduce((s, m) => s + cosineDistance(far.embedding, m.embedding), 0) / members.length;
    const options = { threshold: mean + 0.01, attachDistance: nearest - 0.01 };
    expect(options.attachDistance).toBeLessThan(options.threshold);

    const assignments = clusterFaces([...good, close, far], options);
    const p0 = assignments.get(members[0]!.id);
    expect(assignments.get(600)).toBe(p0);
    expect(assignments.get(601)).toBeNull();
    // Control: the same face at full quality joins, so it is the gate that keeps it out.
    expect(clusterFaces([...good, close, { ...far, quality: 0.9 }], options).get(601)).toBe(p0);
  });
});

describe('two faces alone', () => {
  const rand = random(21);
  const a = randomUnit(rand, 64);
  const pairAt = (distance: number) => {
    // b at exactly `distance` from a: a unit vector in the plane of a and a random direction.
    const r = randomUnit(rand, 64);
    const along = r.reduce((sum, v, i) => sum + v * a[i]!, 0);
    const orth = r.map((v, i) => v - along * a[i]!);
    const norm = Math.hypot(...orth);
    const cos = 1 - distance;
    const b = Float32Array.from(a, (v, i) => cos * v + Math.sqrt(1 - cos * cos) * (orth[i]! / norm));
    return [
      { id: 1, embedding: a, quality: 0.9 },
      { id: 2, embedding: b, quality: 0.9 },
    ];
  };
  const options = { threshold: 0.72, attachDistance: 0.55, minClusterSize: 2 };

  it('become a person only when as close as an attachment, not merely within the merge threshold', () => {
    const close = clusterFaces(pairAt(0.5), options);
    expect(close.get(1)).not.toBeNull();
    expect(close.get(2)).toBe(close.get(1));
    const loose = clusterFaces(pairAt(0.64), options);
    expect([loose.get(1), loose.get(2)]).toEqual([null, null]);
    // Control: the same pair founds a person when the attach distance allows it.
    const allowed = clusterFaces(pairAt(0.64), { ...options, attachDistance: 0.7 });
    expect(allowed.get(1)).not.toBeNull();
  });
});

describe('Immich-style baseline', () => {
  it('recovers well-separated identities and leaves isolated faces unassigned', () => {
    const { faces } = syntheticFaces({ identities: 5, facesEach: 6, spread: 0.2, seed: 9 });
    const loner = { id: 999, identity: 'loner', embedding: randomUnit(random(10), 64), quality: 0.9 };
    const assignments = clusterFacesImmich([...faces, loner], { maxDistance: 0.42 });
    expect(bcubedF1(faces, assignments)).toBe(1);
    expect(assignments.get(999)).toBeNull();
  });

  it('puts a non-core face with the nearest person in its second pass', () => {
    const { faces, centres } = syntheticFaces({ identities: 2, facesEach: 5, spread: 0.1, seed: 12 });
    // One neighbour only (its pair) with minFaces 3: not core, deferred, then joins p1's person.
    const edge = { id: 50, identity: 'p1', embedding: between(centres[1]!, randomUnit(random(13), 64), 0.25), quality: 0.9 };
    const assignments = clusterFacesImmich([edge, ...faces], { maxDistance: 0.3, minFaces: 3 });
    const p1 = faces.find((f) => f.identity === 'p1')!;
    const near = faces.filter((f) => cosineDistance(f.embedding, edge.embedding) <= 0.3).length;
    expect(near).toBeGreaterThan(0);
    expect(assignments.get(50)).toBe(assignments.get(p1.id));
  });
});
