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
