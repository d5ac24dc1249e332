import { memo } from 'react';
import type { GridRow } from './gridLayout';
import { GridHeaderRow } from './GridHeaderRow';
import { GridPhotoRow } from './GridPhotoRow';
import type { PhotoPageCache } from './PhotoPageCache';

interface Props {
  row: GridRow;
  monthCount: number;
  columns: number;
  tileSize: number;
  cache: PhotoPageCache;
  /** Page-cache version: a row re-renders when pages arrive, not on every scroll frame. */
  version: number;
  /** The grid's Tab stop when it is in this row, else null: moving it re-renders two rows only. */
  tabStop: number | null;
  onOpen: (offset: number) => void;
}

/** One grid row's content, memoized so scrolling renders only the rows that just came into view. */
export const GridRowContent = memo(function GridRowContent({ row, monthCount, columns, tileSize, cache, tabStop, onOpen }: Props) {
  return row.kind === 'header' ? (
    <GridHeaderRow month={row.month} count={monthCount} />
  ) : (
    <GridPhotoRow row={row} columns={columns} tileSize={tileSize} cache={cache} tabStop={tabStop} onOpen={onOpen} />
  );
});
