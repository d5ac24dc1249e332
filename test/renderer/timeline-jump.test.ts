import { describe, expect, it } from 'vitest';
import type { TimelineBucket } from '../../src/shared/api';
import { firstOnOrBefore, monthForDate, yearsOf } from '../../src/renderer/src/components/timeline/timelineJump';

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

  it('places a day within its month: the first photo taken that day or before it, newest first', () => {
    const may = [
      { takenAt: '2024-05-30T10:00:00+01:00' },
      { takenAt: '2024-05-11T18:00:00' },
      { takenAt: '2024-05-11T14:00:00' },
      { takenAt: '2024-05-02T09:00:00' },
    ];
    expect(firstOnOrBefore(may, '2024-05-31')).toBe(0);
    expect(firstOnOrBefore(may, '2024-05-11')).toBe(1);
    expect(firstOnOrBefore(may, '2024-05-10')).toBe(3);
    // Before every photo of the month: its oldest.
    expect(firstOnOrBefore(may, '2024-05-01')).toBe(3);
  });
});
