import { describe, expect, it } from 'vitest';
import type { TimelineBucket } from '../../src/shared/api';
import { buildGridRows, moveInGrid } from '../../src/renderer/src/screens/library/gridLayout';

// Rows of 3: May 0-2, 3-5, 6 | March 7-9 | undated 10.
const buckets: TimelineBucket[] = [
  { month: '2024-05', count: 7, firstOffset: 0 },
  { month: '2024-03', count: 3, firstOffset: 7 },
  { month: 'undated', count: 1, firstOffset: 10 },
];
const rows = buildGridRows(buckets, 3);

describe('keyboard moves in the library grid', () => {
  it('goes left and right in reading order, across months, and stops at the ends', () => {
    expect(moveInGrid(rows, 6, 'right')).toBe(7);
    expect(moveInGrid(rows, 7, 'left')).toBe(6);
    expect(moveInGrid(rows, 0, 'left')).toBe(0);
    expect(moveInGrid(rows, 10, 'right')).toBe(10);
  });

  it('goes up and down in the same column, over month headers, onto the last photo of a short row', () => {
    expect(moveInGrid(rows, 1, 'down')).toBe(4);
    expect(moveInGrid(rows, 5, 'down')).toBe(6);
    expect(moveInGrid(rows, 6, 'down')).toBe(7);
    expect(moveInGrid(rows, 9, 'down')).toBe(10);
    expect(moveInGrid(rows, 8, 'up')).toBe(6);
    expect(moveInGrid(rows, 1, 'up')).toBe(1);
    expect(moveInGrid(rows, 10, 'down')).toBe(10);
  });

  it('pages by rows and jumps to row and grid ends', () => {
    expect(moveInGrid(rows, 2, 'pageDown', 2)).toBe(6);
    expect(moveInGrid(rows, 2, 'pageDown', 99)).toBe(10);
    expect(moveInGrid(rows, 9, 'pageUp', 2)).toBe(5);
    expect(moveInGrid(rows, 4, 'rowStart')).toBe(3);
    expect(moveInGrid(rows, 4, 'rowEnd')).toBe(5);
    expect(moveInGrid(rows, 4, 'first')).toBe(0);
    expect(moveInGrid(rows, 4, 'last')).toBe(10);
    expect(moveInGrid([], 0, 'down')).toBe(0);
  });
});
