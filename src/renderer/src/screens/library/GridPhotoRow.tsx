import type { PhotoSummary } from '../../../../shared/api';
import { gridGap, type GridRow } from './gridLayout';
import { PhotoTile } from './PhotoTile';

interface Props {
  row: GridRow;
  columns: number;
  tileSize: number;
  photoAt: (offset: number) => PhotoSummary | undefined;
  /** Offset of the grid's Tab stop when it is in this row, else null. */
  tabStop: number | null;
  onOpen: (offset: number) => void;
}

export function GridPhotoRow({ row, columns, tileSize, photoAt, tabStop, onOpen }: Props) {
  const offsets = Array.from({ length: row.count }, (_, i) => row.firstOffset + i);
  return (
    <div className="grid-photo-row" style={{ gridTemplateColumns: `repeat(${columns}, ${tileSize}px)`, gap: gridGap }}>
      {offsets.map((offset) => (
        <PhotoTile key={offset} offset={offset} photo={photoAt(offset)} size={tileSize} isTabStop={offset === tabStop} onOpen={onOpen} />
      ))}
    </div>
  );
}
