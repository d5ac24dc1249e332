import { describe, expect, it } from 'vitest';
import { scoreClustering } from '../../src/main/people/eval/metrics';

const items = (identities: string, clusters: Array<number | null>) => [...identities].map((identity, i) => ({ identity, cluster: clusters[i]! }));

describe('clustering metrics', () => {
  it('scores a perfect clustering 1 everywhere', () => {
    const s = scoreClustering(items('AABBB', [1, 1, 2, 2, 2]));
    expect(s.pairwise).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(s.bcubed).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(s).toMatchObject({ clusters: 2, identities: 2, unassigned: 0 });
  });

  it('matches hand-computed pairwise and BCubed values for a mixed clustering', () => {
    // Clusters {a1,a2} and {a3,b1,b2}. Pairs put together: 1 + 3 = 4, of them right: (a1,a2), (b1,b2);
    // same-identity pairs: 3 + 1 = 4. So pairwise P = R = 2/4.
    const s = scoreClustering(items('AAABB', [1, 1, 2, 2, 2]));
    expect(s.pairwise.precision).toBeCloseTo(0.5, 12);
    expect(s.pairwise.recall).toBeCloseTo(0.5, 12);
    expect(s.pairwise.f1).toBeCloseTo(0.5, 12);
    // BCubed per face (P, R): a1, a2 (1, 2/3); a3 (1/3, 1/3); b1, b2 (2/3, 1). Means: 11/15 each.
    expect(s.bcubed.precision).toBeCloseTo(11 / 15, 12);
    expect(s.bcubed.recall).toBeCloseTo(11 / 15, 12);
    expect(s.bcubed.f1).toBeCloseTo(11 / 15, 12);
  });

  it('scores everything in one cluster: full recall, low precision', () => {
    const s = scoreClustering(items('AABB', [7, 7, 7, 7]));
    expect(s.pairwise.precision).toBeCloseTo(2 / 6, 12);
    expect(s.pairwise.recall).toBe(1);
    expect(s.bcubed.precision).toBeCloseTo(0.5, 12);
    expect(s.bcubed.f1).toBeCloseTo(2 / 3, 12);
    expect(s.clusters).toBe(1);
  });

  it('treats unsorted faces as singletons: never wrong, but they cost recall', () => {
    const s = scoreClustering(items('AAB', [null, null, null]));
    expect(s.pairwise).toEqual({ precision: 1, recall: 0, f1: 0 });
    // BCubed: every face P = 1; R = 1/2, 1/2, 1.
    expect(s.bcubed.precision).toBe(1);
    expect(s.bcubed.recall).toBeCloseTo(2 / 3, 12);
    expect(s.bcubed.f1).toBeCloseTo(0.8, 12);
    expect(s).toMatchObject({ clusters: 0, identities: 2, unassigned: 3 });
  });

  it('does not let two unsorted faces count as one cluster', () => {
    const sorted = scoreClustering(items('AB', [1, 1]));
    const unsorted = scoreClustering(items('AB', [null, null]));
    expect(sorted.pairwise.precision).toBe(0);
    expect(unsorted.pairwise.precision).toBe(1);
  });
});
