import { describe, expect, it } from 'vitest';
import { identitySplits } from '../../src/main/people/eval/metrics';

describe('per-identity splits', () => {
  it('counts the clusters each identity is spread over, unassigned faces apart', () => {
    const items = [
      // ann: 3 faces in cluster 1, 1 in cluster 2, 1 unassigned
      ...[1, 1, 1, 2, null].map((cluster) => ({ identity: 'ann', cluster })),
      // bob: all 4 in cluster 3
      ...[3, 3, 3, 3].map((cluster) => ({ identity: 'bob', cluster })),
      // cid: never clustered
      ...[null, null].map((cluster) => ({ identity: 'cid', cluster })),
      // dan shares cluster 1 with ann (a merge is not a split)
      { identity: 'dan', cluster: 1 },
    ];
    const { perIdentity, summary } = identitySplits(items);
    expect(perIdentity).toEqual([
      { identity: 'ann', faces: 5, clusters: 2, unassigned: 1, largestShare: 3 / 5 },
      { identity: 'bob', faces: 4, clusters: 1, unassigned: 0, largestShare: 1 },
      { identity: 'cid', faces: 2, clusters: 0, unassigned: 2, largestShare: 0 },
      { identity: 'dan', faces: 1, clusters: 1, unassigned: 0, largestShare: 1 },
    ]);
    expect(summary).toEqual({ split: 1, withUnassigned: 2, meanClusters: 1, meanLargestShare: (0.6 + 1 + 0 + 1) / 4 });
  });

  it('is all zeros for no faces', () => {
    expect(identitySplits([])).toEqual({ perIdentity: [], summary: { split: 0, withUnassigned: 0, meanClusters: 0, meanLargestShare: 0 } });
  });
});
