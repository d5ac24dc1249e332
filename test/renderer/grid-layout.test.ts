import { describe, expect, it } from 'vitest';
import type { TimelineBucket } from '../../src/shared/api';
import { buildGridRows, rowIndexOfOffset, unlabelledBuckets } from '../../src/renderer/src/screens/library/gridLayout';

const buckets: TimelineBucket[] = [
  { month: '2024-05', count: 7, firstOffset: 0 },
  { month: '2024-03', count: 3, firstOffset: 7 },
  { month: 'undated', count: 1, firstOffset: 10 },
];

describe('library grid layout', () => {
  it('puts a header before each month and splits its photos into rows of `columns`', () => {
    const rows = buildGridRows(buckets, 3);
    expect(rows.map((r) => `${r.kind}:${r.month}:${r.firstOffset}+${r.count}`)).toEqual([
      'header:2024-05:0+0',
      'photos:2024-05:0+3',
      'photos:2024-05:3+3',
      'photos:2024-05:6+1',
      'header:2024-03:7+0',
      'photos:2024-03:7+3',
      'header:undated:10+0',
      'photos:undated:10+1',
    ]);
  });

  it('finds the photo row of every offset, never a header', () => {
    const rows = buildGridRows(buckets, 3);
    for (let offset = 0; offset < 11; offset++) {
      const row = rows[rowIndexOfOffset(rows, offset)]!;
      expect(row.kind).toBe('photos');
      expect(offset).toBeGreaterThanOrEqual(row.firstOffset);
      expect(offset).toBeLessThan(row.firstOffset + row.count);
    }
    expect(rowIndexOfOffset([], 0)).toBe(-1);
  });

  it('lays out 100,000 photos in bounded rows', () => {
    const big: TimelineBucket[] = Array.from({ length: 600 }, (_, i) => ({
      month: `m${i}`,
      count: i === 599 ? 100_000 - 599 * 166 : 166,
      firstOffset: i * 166,
    }));
    const rows = buildGridRows(big, 7);
    expect(rows.filter((r) => r.kind === 'photos').reduce((n, r) => n + r.count, 0)).toBe(100_000);
    expect(rows[rowIndexOfOffset(rows, 99_999)]).toBe(rows.at(-1));
  });

  it('lays out a sequence without a timeline as photo rows only', () => {
    const rows = buildGridRows(unlabelledBuckets(7), 3);
    expect(rows.map((r) => `${r.kind}:${r.firstOffset}+${r.count}`)).toEqual(['photos:0+3', 'photos:3+3', 'photos:6+1']);
    expect(buildGridRows(unlabelledBuckets(0), 3)).toEqual([]);
  });
});
