import { describe, expect, it } from 'vitest';
import type { TimelineBucket } from '../../src/shared/api';
import { monthForDate, yearsOf } from '../../src/renderer/src/components/timeline/timelineJump';

const buckets: TimelineBucket[] = [
  { month: '2024-06', count: 1, firstOffset: 0 },
  { month: '2024-05', count: 6, firstOffset: 1 },
  { month: '2023-08', count: 1, firstOffset: 7 },
  { month: '2021-12', count: 2, firstOffset: 8 },
  { month: 'undated', count: 3, firstOffset: 10 },
];

describe('timeline scrubber', () => {
  it('groups the dated months by year, newest first, without the undated ones', () => {
    expect(yearsOf(buckets)).toEqual([
      { year: '2024', months: ['2024-06', '2024-05'] },
      { year: '2023', months: ['2023-08'] },
      { year: '2021', months: ['2021-12'] },
    ]);
    expect(yearsOf([{ month: 'undated', count: 1, firstOffset: 0 }])).toEqual([]);
  });

  it('goes to a date’s month, else the nearest earlier month with photos, else the oldest', () => {
    expect(monthForDate(buckets, '2024-05-20')).toBe('2024-05');
    expect(monthForDate(buckets, '2024-01-01')).toBe('2023-08');
    expect(monthForDate(buckets, '2030-01-01')).toBe('2024-06');
    expect(monthForDate(buckets, '1999-01-01')).toBe('2021-12');
    expect(monthForDate([{ month: 'undated', count: 1, firstOffset: 0 }], '2024-01-01')).toBeNull();
  });
});
