/**
 * Near-duplicate grouping over 64-bit dHashes without comparing every pair (multi-index hashing).
 *
 * The 64 bits are cut into 4 bands of 16. If two hashes differ in at most r bits, at least one
 * band differs in at most floor(r / 4) bits (pigeonhole), so the candidates of a hash are the
 * hashes whose value in some band is within that radius of its own. Each band is a counting-sort
 * index (65536 buckets over typed arrays); candidates are confirmed with a real popcount and
 * joined with union-find. With r = 6 the radius is 1: 17 bucket lookups per band, each holding
 * ~n / 65536 hashes, so 100k photos cost a few million cheap steps instead of 5 billion pairs.
 */
export const nearDuplicateMaxDistance = 6;

const bandCount = 4;
const bandBits = 16;
const bucketCount = 1 << bandBits;

export interface HashedItem<K> {
  key: K;
  hash: bigint;
}

export interface NearGroup<K> {
  keys: K[];
  /** Largest pairwise Hamming distance inside the group. */
  maxDistance: number;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hammingDistance(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(64, a ^ b);
  return popcount32(Number(x >> 32n)) + popcount32(Number(x & 0xffffffffn));
}

/** Calls visit for every 16-bit value within `radius` flipped bits of value. */
function forEachNeighbour(value: number, radius: number, fromBit: number, visit: (v: number) => void): void {
  visit(value);
  if (radius === 0) return;
  for (let bit = fromBit; bit < bandBits; bit++) forEachNeighbour(value ^ (1 << bit), radius - 1, bit + 1, visit);
}

export function findNearGroups<K>(items: readonly HashedItem<K>[], maxDistance = nearDuplicateMaxDistance): NearGroup<K>[] {
  // Identical hashes are one node: a thousand blank frames must not cost a million comparisons.
  const byHash = new Map<string, K[]>();
  for (const item of items) {
    const hex = BigInt.asUintN(64, item.hash).toString(16).padStart(16, '0');
    const keys = byHash.get(hex);
    if (keys) keys.push(item.key);
    else byHash.set(hex, [item.key]);
  }
  const hexes = [...byHash.keys()];
  const n = hexes.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  hexes.forEach((hex, i) => {
    hi[i] = Number.parseInt(hex.slice(0, 8), 16);
    lo[i] = Number.parseInt(hex.slice(8), 16);
  });
  const band = (b: number, i: number) => (b < 2 ? hi[i]! >>> (b === 0 ? 16 : 0) : lo[i]! >>> (b === 2 ? 16 : 0)) & 0xffff;
  const distance = (i: number, j: number) => popcount32(hi[i]! ^ hi[j]!) + popcount32(lo[i]! ^ lo[j]!);

  const parent = new Int32Array(n).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };

  const radius = Math.floor(maxDistance / bandCount);
  for (let b = 0; b < bandCount; b++) {
    // Counting sort of node indexes by this band's value: bucket v is members[start[v] .. start[v+1]).
    const start = new Int32Array(bucketCount + 1);
    for (let i = 0; i < n; i++) start[band(b, i) + 1]! += 1;
    for (let v = 0; v < bucketCount; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, bucketCount);
    const members = new Int32Array(n);
    for (let i = 0; i < n; i++) members[fill[band(b, i)]!++] = i;

    for (let i = 0; i < n; i++) {
      forEachNeighbour(band(b, i), radius, 0, (value) => {
        for (let k = start[value]!; k < start[value + 1]!; k++) {
          const j = members[k]!;
          if (j <= i) continue;
          const ri = find(i);
          const rj = find(j);
          if (ri !== rj && distance(i, j) <= maxDistance) parent[ri] = rj;
        }
      });
    }
  }

  const groupsByRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const list = groupsByRoot.get(root);
    if (list) list.push(i);
    else groupsByRoot.set(root, [i]);
  }
  const groups: NearGroup<K>[] = [];
  for (const nodes of groupsByRoot.values()) {
    const keys = nodes.flatMap((i) => byHash.get(hexes[i]!)!);
    if (keys.length < 2) continue;
    let worst = 0;
    for (let a = 0; a < nodes.length; a++) {
      for (let c = a + 1; c < nodes.length; c++) worst = Math.max(worst, distance(nodes[a]!, nodes[c]!));
    }
    groups.push({ keys, maxDistance: worst });
  }
  return groups;
}
