import { describe, expect, it } from 'vitest';
import { findNearGroups, hammingDistance, nearDuplicateMaxDistance } from '../../src/main/library/near-duplicates';

function random64(next: () => number): bigint {
  return (BigInt(next()) << 32n) | BigInt(next());
}

function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state;
  };
}

function flipBits(hash: bigint, bits: number[]): bigint {
  return bits.reduce((h, bit) => h ^ (1n << BigInt(bit)), hash);
}

/** Connected components over all pairs within the threshold: the answer by brute force. */
function bruteForce(items: { key: number; hash: bigint }[], maxDistance: number): number[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (hammingDistance(items[i]!.hash, items[j]!.hash) <= maxDistance) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  items.forEach((item, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), item.key]));
  return [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort((a, b) => a - b));
}

const normalize = (groups: number[][]) => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe('near-duplicate grouping', () => {
  it('counts differing bits of signed and unsigned 64-bit values', () => {
    expect(hammingDistance(0n, -1n)).toBe(64);
    expect(hammingDistance(0x8000000000000001n, 1n)).toBe(1);
    expect(hammingDistance(-2n, -1n)).toBe(1);
  });

  it('finds exactly the groups brute force finds, including pairs at the threshold', () => {
    const next = generator(42);
    const items: { key: number; hash: bigint }[] = [];
    for (let i = 0; i < 400; i++) items.push({ key: items.length, hash: random64(next) });
    // Plant neighbours at every distance 1..8 around some bases, spreading flipped bits over all bands.
    for (let base = 0; base < 60; base++) {
      const distance = 1 + (base % 8);
      const bits = Array.from({ length: distance }, (_, k) => (base * 7 + k * 11) % 64);
      items.push({ key: items.length, hash: flipBits(items[base]!.hash, [...new Set(bits)]) });
    }
    items.push({ key: items.length, hash: items[3]!.hash }); // identical hash, different content
    const found = findNearGroups(items).map((g) => g.keys);
    expect(normalize(found)).toEqual(normalize(bruteForce(items, nearDuplicateMaxDistance)));
    expect(found.some((g) => g.includes(3) && g.includes(items.length - 1))).toBe(true);
  });

  it('reports the largest distance inside a group', () => {
    const base = 0x0123456789abcdefn;
    const groups = findNearGroups([
      { key: 'a', hash: base },
      { key: 'b', hash: flipBits(base, [0, 20, 40]) },
      { key: 'c', hash: flipBits(base, [63, 62]) },
      { key: 'far', hash: ~base },
    ]);
    expect(groups).toEqual([{ keys: ['a', 'b', 'c'], maxDistance: 5 }]);
  });
});
