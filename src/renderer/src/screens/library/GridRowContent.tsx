import { memo } from 'react';
import type { PhotoSummary } from '../../../../shared/api';
import type { TileActions } from '../../components/selection/tileActions';
import type { GridRow } from './gridLayout';
import { GridHeaderRow } from './GridHeaderRow';
import { GridPhotoRow } from './GridPhotoRow';

interface Props {
  row: GridRow;
  monthCount: number;
  columns: number;
  tileSize: number;
  /** A new function when pages arrived or changed: rows re-render then, not on every scroll frame. */
  photoAt: (offset: number) => PhotoSummary | undefined;
  /** The grid's Tab stop when it is in this row, else null: moving it re-renders two rows only. */
  tabStop: number | null;
  /** A new object when the selection changes: the rows in view re-render then, not on scroll frames. */
  actions: TileActions;
}

/** One grid row's content, memoized so scrolling renders only the rows that just came into view. */
export const GridRowContent = memo(function GridRowContent({ row, monthCount, columns, tileSize, photoAt, tabStop, actions }: Props) {
  return row.kind === 'header' ? (
    <GridHeaderRow month={row.month} count={monthCount} />
  ) : (
    <GridPhotoRow row={row} columns={columns} tileSize={tileSize} photoAt={photoAt} tabStop={tabStop} actions={actions} />
  );
});
