import type { PhotoSummary } from '../../../../shared/api';
import type { TileActions } from '../../components/selection/tileActions';
import { gridGap, type GridRow } from './gridLayout';
import { PhotoTile } from './PhotoTile';

interface Props {
  row: GridRow;
  columns: number;
  tileSize: number;
  photoAt: (offset: number) => PhotoSummary | undefined;
  /** Offset of the grid's Tab stop when it is in this row, else null. */
  tabStop: number | null;
  actions: TileActions;
}

export function GridPhotoRow({ row, columns, tileSize, photoAt, tabStop, actions }: Props) {
  const offsets = Array.from({ length: row.count }, (_, i) => row.firstOffset + i);
  return (
    <div className="grid-photo-row" style={{ gridTemplateColumns: `repeat(${columns}, ${tileSize}px)`, gap: gridGap }}>
      {offsets.map((offset) => (
        <PhotoTile key={offset} offset={offset} photo={photoAt(offset)} size={tileSize} isTabStop={offset === tabStop} actions={actions} />
      ))}
    </div>
  );
}
