import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import type { PhotoSummary } from '../../../../shared/api';
import type { TileActions } from './tileActions';

interface Props {
  /** The element the rows are positioned in: it scrolls with them, and the controls with it. */
  canvasRef: RefObject<HTMLDivElement | null>;
  photoAt: (offset: number) => PhotoSummary | undefined;
  actions: TileActions;
  /** Changes when tiles move without scrolling (columns, tile size). */
  layoutKey: string;
}

interface Placement {
  offset: number;
  left: number;
  top: number;
  width: number;
}

/**
 * The select and favourite checkboxes, laid over the tile under the pointer. One set follows the
 * pointer instead of two inputs in every tile: rows scrolled into view cost what they did
 * without them, and hovering re-renders this alone, not the grid.
 */
export function TileControls({ canvasRef, photoAt, actions, layoutKey }: Props) {
  const [offset, setOffset] = useState<number | null>(null);
  const [placed, setPlaced] = useState<Placement | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const over = (event: PointerEvent) => {
      if (!(event.target instanceof Element)) return;
      // Over the controls themselves: they stay with the tile they were laid on.
      if (event.target.closest('.tile-controls')) return;
      const tile = event.target.closest<HTMLElement>('.tile[data-offset]');
      setOffset(tile ? Number(tile.dataset.offset) : null);
    };
    const leave = () => setOffset(null);
    canvas.addEventListener('pointerover', over);
    canvas.addEventListener('pointerleave', leave);
    return () => {
      canvas.removeEventListener('pointerover', over);
      canvas.removeEventListener('pointerleave', leave);
    };
  }, [canvasRef]);

  const photo = offset === null ? undefined : photoAt(offset);
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const tile = offset === null ? null : canvas?.querySelector<HTMLElement>(`.tile[data-offset="${offset}"]`);
    if (!canvas || !tile || offset === null) return setPlaced(null);
    const c = canvas.getBoundingClientRect();
    const t = tile.getBoundingClientRect();
    setPlaced({ offset, left: t.left - c.left, top: t.top - c.top, width: t.width });
  }, [canvasRef, offset, photo, layoutKey]);

  if (!photo || placed === null || placed.offset !== offset) return null;
  const selected = actions.isSelected(photo.id);
  return (
    <div className="tile-controls" style={{ transform: `translate(${placed.left}px, ${placed.top}px)`, width: placed.width }}>
      {/* Checkboxes, not buttons: the tiles stay the grid's only buttons, and these are not in its Tab order. */}
      <input
        type="checkbox"
        className="tile-check"
        aria-label={`Select ${photo.fileName}`}
        tabIndex={-1}
        checked={selected}
        onChange={() => undefined}
        onClick={(event) => actions.onClick(placed.offset, photo.id, { shift: event.shiftKey, toggle: true })}
      />
      <input
        type="checkbox"
        className="tile-heart"
        aria-label={`Favourite ${photo.fileName}`}
        title={photo.favourite ? 'Favourite' : 'Make favourite'}
        tabIndex={-1}
        checked={photo.favourite}
        onChange={(event) => actions.onFavourite(photo.id, event.target.checked)}
      />
    </div>
  );
}
