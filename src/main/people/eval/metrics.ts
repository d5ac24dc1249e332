/**
 * Clustering quality against ground-truth identities. A face with no cluster (unsorted) counts as a
 * cluster of its own: it is never wrong, but it costs recall.
 */

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClusteringScores {
  /** Over all pairs of faces: are pairs put together exactly the same-identity pairs? */
  pairwise: PrecisionRecall;
  /** Per face, averaged (Bagga & Baldwin): not dominated by the largest identities as pairwise is. */
  bcubed: PrecisionRecall;
  clusters: number;
  identities: number;
  unassigned: number;
}

/** `items`: for each face its true identity and its predicted cluster (null = unsorted). */
export function scoreClustering(items: ReadonlyArray<{ identity: string; cluster: number | null }>): ClusteringScores {
  // Give unsorted faces unique keys so they act as singletons.
  const clusterKey = items.map((item, i) => (item.cluster === null ? `u${i}` : `c${item.cluster}`));
  const clusterSize = countBy(clusterKey);
  const identitySize = countBy(items.map((i) => i.identity));
  const joint = countBy(items.map((item, i) => `${clusterKey[i]}\u0000${item.identity}`));

  const pairs = (n: number) => (n * (n - 1)) / 2;
  const sumPairs = (counts: Map<string, number>) => [...counts.values()].reduce((s, n) => s + pairs(n), 0);
  const together = sumPairs(joint);
  const pairwise = withF1(ratio(together, sumPairs(clusterSize)), ratio(together, sumPairs(identitySize)));

  let precision = 0;
  let recall = 0;
  items.forEach((item, i) => {
    const shared = joint.get(`${clusterKey[i]}\u0000${item.identity}`)!;
    precision += shared / clusterSize.get(clusterKey[i]!)!;
    recall += shared / identitySize.get(item.identity)!;
  });
  const n = Math.max(items.length, 1);
  return {
    pairwise,
    bcubed: withF1(items.length ? precision / n : 1, items.length ? recall / n : 1),
    clusters: new Set(items.filter((i) => i.cluster !== null).map((i) => i.cluster)).size,
    identities: identitySize.size,
    unassigned: items.filter((i) => i.cluster === null).length,
  };
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** An empty denominator means nothing could go wrong: score 1. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

function withF1(precision: number, recall: number): PrecisionRecall {
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

export interface IdentitySplit {
  identity: string;
  faces: number;
  /** Clusters holding at least one of its faces (its unassigned faces are not counted here). */
  clusters: number;
  unassigned: number;
  /** Share of its faces (unassigned included) in its largest cluster: 1 = all together. */
  largestShare: number;
}

export interface SplitSummary {
  /** Identities whose faces are spread over more than one cluster. */
  split: number;
  /** Identities with at least one unassigned face. */
  withUnassigned: number;
  /** Clusters per identity, averaged over identities (1 = nobody split; 0 counts an all-unassigned one). */
  meanClusters: number;
  /** Largest-cluster share averaged over identities. */
  meanLargestShare: number;
}

/**
 * How each identity is spread over clusters: BCubed recall says how much a method splits people,
 * this says who, and whether into clusters (a second person to merge) or into unsorted faces.
 */
export function identitySplits(items: ReadonlyArray<{ identity: string; cluster: number | null }>): {
  perIdentity: IdentitySplit[];
  summary: SplitSummary;
} {
  const byIdentity = new Map<string, { faces: number; unassigned: number; clusters: Map<number, number> }>();
  for (const { identity, cluster } of items) {
    let entry = byIdentity.get(identity);
    if (!entry) byIdentity.set(identity, (entry = { faces: 0, unassigned: 0, clusters: new Map() }));
    entry.faces++;
    if (cluster === null) entry.unassigned++;
    else entry.clusters.set(cluster, (entry.clusters.get(cluster) ?? 0) + 1);
  }
  const perIdentity = [...byIdentity.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([identity, e]) => ({
      identity,
      faces: e.faces,
      clusters: e.clusters.size,
      unassigned: e.unassigned,
      largestShare: Math.max(0, ...e.clusters.values()) / e.faces,
    }));
  const n = Math.max(perIdentity.length, 1);
  return {
    perIdentity,
    summary: {
      split: perIdentity.filter((s) => s.clusters > 1).length,
      withUnassigned: perIdentity.filter((s) => s.unassigned > 0).length,
      meanClusters: perIdentity.reduce((t, s) => t + s.clusters, 0) / n,
      meanLargestShare: perIdentity.reduce((t, s) => t + s.largestShare, 0) / n,
    },
  };
}
