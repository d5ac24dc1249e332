import type { TimelineBucket } from '../../../../shared/api';

/** Space between tiles and between photo rows, in px. */
export const gridGap = 4;

/** A row of the library grid. Headers hold no photos (count 0) but carry their month's first offset. */
export interface GridRow {
  kind: 'header' | 'photos';
  month: string;
  firstOffset: number;
  count: number;
}

/** Month key of a bucket shown without a header: a person's or an event's photos as one run. */
export const unlabelledMonth = '';

/** One headerless bucket of `count` photos, for sequences without a timeline. */
export function unlabelledBuckets(count: number): TimelineBucket[] {
  return count > 0 ? [{ month: unlabelledMonth, count, firstOffset: 0 }] : [];
}

/** Rows of the library grid: each month's header, then its photos `columns` to a row. */
export function buildGridRows(buckets: readonly TimelineBucket[], columns: number): GridRow[] {
  const rows: GridRow[] = [];
  for (const bucket of buckets) {
    if (bucket.month !== unlabelledMonth) rows.push({ kind: 'header', month: bucket.month, firstOffset: bucket.firstOffset, count: 0 });
    for (let i = 0; i < bucket.count; i += columns) {
      rows.push({
        kind: 'photos',
        month: bucket.month,
        firstOffset: bucket.firstOffset + i,
        count: Math.min(columns, bucket.count - i),
      });
    }
  }
  return rows;
}

/**
 * Index of the row that shows the photo at `offset`: the last row starting at or before it
 * (a month's header shares its first row's offset and comes before it, so it is never picked).
 */
export function rowIndexOfOffset(rows: readonly GridRow[], offset: number): number {
  let low = 0;
  let high = rows.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (rows[mid]!.firstOffset <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** A keyboard move in the grid. */
export type GridMove = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'rowStart' | 'rowEnd' | 'first' | 'last';

/**
 * The photo a keyboard move from `offset` lands on. Left and right follow the reading order
 * across rows and months; up and down (and page up and down, `pageRows` photo rows at a time)
 * keep the column, ending on the last photo of a shorter row; month headers are skipped.
 */
export function moveInGrid(rows: readonly GridRow[], offset: number, move: GridMove, pageRows = 1): number {
  const last = rows.length === 0 ? 0 : rows.at(-1)!.firstOffset + rows.at(-1)!.count - 1;
  const index = rowIndexOfOffset(rows, offset);
  const row = rows[index];
  if (!row) return offset;
  const column = offset - row.firstOffset;
  const vertical = (direction: 1 | -1, steps: number) => {
    let target = index;
    for (let i = index + direction; i >= 0 && i < rows.length && steps > 0; i += direction) {
      if (rows[i]!.kind !== 'photos') continue;
      target = i;
      steps--;
    }
    const to = rows[target]!;
    return to.firstOffset + Math.min(column, to.count - 1);
  };
  switch (move) {
    case 'left':
      return Math.max(0, offset - 1);
    case 'right':
      return Math.min(last, offset + 1);
    case 'up':
      return vertical(-1, 1);
    case 'down':
      return vertical(1, 1);
    case 'pageUp':
      return vertical(-1, Math.max(1, pageRows));
    case 'pageDown':
      return vertical(1, Math.max(1, pageRows));
    case 'rowStart':
      return row.firstOffset;
    case 'rowEnd':
      return row.firstOffset + row.count - 1;
    case 'first':
      return 0;
    case 'last':
      return last;
  }
}
