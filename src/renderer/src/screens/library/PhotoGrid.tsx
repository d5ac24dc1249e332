import { defaultRangeExtractor, useVirtualizer, type Range, type VirtualItem } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { TimelineBucket } from '../../../../shared/api';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { TileActions } from '../../components/selection/tileActions';
import { TileControls } from '../../components/selection/TileControls';
import { usePhotoRange, type PhotoSequence } from '../../data/photoPages';
import { useElementWidth } from '../../hooks/useElementWidth';
import { buildGridRows, gridGap as gap, moveInGrid, rowIndexOfOffset, unlabelledMonth, type GridMove, type GridRow } from './gridLayout';
import { CurrentMonthLabel } from './CurrentMonthLabel';
import { TimelineNav } from '../../components/timeline/TimelineNav';
import { GridRowContent } from './GridRowContent';

const targetTileSize = 168;
const headerHeight = 48;
const overscan = 4;

const keyMoves: Record<string, GridMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'rowStart',
  End: 'rowEnd',
};

interface Props {
  buckets: readonly TimelineBucket[];
  sequence: PhotoSequence;
  /** Offset of the photo open in the viewer: kept scrolled into view. */
  focusOffset: number | null;
  /** Opening (a plain click, Enter) and selecting photos. */
  actions: TileActions;
  /** Accessible name of the scrolling region. */
  label?: string;
}

/**
 * The photo grid of the library (under month headers), a person or an event. Only the rows in view (plus a few) are in the DOM, and only their photo
 * pages are fetched, so 100,000 photos scroll like 100.
 *
 * The grid is one Tab stop (a roving tabindex): the arrows, Page Up/Down, Home/End and Ctrl+Home/End
 * move between tiles and Enter opens one. The row of the tile that has focus stays in the DOM
 * while it scrolls out of view, so the wheel never drops focus to the page and the next arrow
 * goes on from that tile. Without focus in the grid, its Tab stop is the first tile in view.
 */
export function PhotoGrid({ buckets, sequence, focusOffset, actions, label = 'Photos by date' }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const columns = Math.max(1, Math.floor((width + gap) / (targetTileSize + gap)));
  const tileSize = width > 0 ? (width - gap * (columns - 1)) / columns : targetTileSize;
  const rows = useMemo(() => buildGridRows(buckets, columns), [buckets, columns]);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);

  // The tile holding the Tab stop (and focus, while the grid has it).
  const [active, setActive] = useState(0);
  const [focusWithin, setFocusWithin] = useState(false);
  // A tile a key press or the closing viewer moved to, focused once its row is rendered.
  const [focusTarget, setFocusTarget] = useState<number | null>(null);
  const activeOffset = Math.min(active, Math.max(0, total - 1));
  const activeRow = rowIndexOfOffset(rows, activeOffset);
  const pinned = focusWithin || focusTarget !== null || focusOffset !== null;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (!pinned || activeRow < 0 || indexes.includes(activeRow)) return indexes;
      return activeRow < (indexes[0] ?? 0) ? [activeRow, ...indexes] : [...indexes, activeRow];
    },
    [pinned, activeRow],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'header' ? headerHeight : tileSize + gap),
    overscan,
    rangeExtractor,
    // Let React batch scroll updates instead of forcing a synchronous render per scroll event.
    useFlushSync: false,
  });
  // Row heights depend on the width: re-measure when it changes.
  useEffect(() => virtualizer.measure(), [virtualizer, tileSize, rows]);

  const monthCounts = useMemo(() => new Map(buckets.map((b) => [b.month, b.count])), [buckets]);

  const items = virtualizer.getVirtualItems();
  // Pages for the rows in view and the overscan; a pinned row far away is not a reason to fetch
  // everything between it and the view.
  const range = virtualizer.range;
  const firstRow = range ? rows[Math.max(0, range.startIndex - overscan)] : undefined;
  const lastRow = range ? rows[Math.min(rows.length - 1, range.endIndex + overscan)] : undefined;
  const firstOffset = firstRow?.firstOffset ?? 0;
  const lastOffset = lastRow ? lastRow.firstOffset + lastRow.count - 1 : -1;
  const { photoAt, error } = usePhotoRange(sequence, firstOffset, lastOffset, activeOffset);

  // The viewer steps through the photos: the grid follows it, and focus returns to the photo
  // last shown when it closes.
  const viewerWasOpen = useRef(false);
  useEffect(() => {
    if (focusOffset === null) {
      if (viewerWasOpen.current) setFocusTarget(active);
      viewerWasOpen.current = false;
      return;
    }
    viewerWasOpen.current = true;
    setActive(focusOffset);
    const index = rowIndexOfOffset(rows, focusOffset);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // `active` is only read as the viewer closes: following it here would run this on every move.
  }, [focusOffset, rows, virtualizer]);

  useEffect(() => {
    if (focusTarget === null) return;
    // The sequence may have shrunk meanwhile: its last photo then.
    const offset = Math.min(focusTarget, Math.max(0, total - 1));
    const tile = scrollRef.current?.querySelector<HTMLElement>(`.tile[data-offset="${offset}"]`);
    // Not rendered yet (its page is loading): tried again on the next render.
    if (!tile || !(tile instanceof HTMLButtonElement)) return;
    tile.focus({ preventScroll: true });
    setFocusTarget(null);
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = tileOffset(event.target);
    const move = event.ctrlKey && (event.key === 'Home' || event.key === 'End') ? (event.key === 'Home' ? 'first' : 'last') : keyMoves[event.key];
    if (from === null || move === undefined || event.altKey || event.metaKey) return;
    event.preventDefault();
    const viewportRows = Math.floor((scrollRef.current?.clientHeight ?? 0) / (tileSize + gap));
    const to = moveInGrid(rows, from, move, Math.max(1, viewportRows - 1));
    setActive(to);
    setFocusTarget(to);
    const index = rowIndexOfOffset(rows, to);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    setFocusWithin(true);
    const offset = tileOffset(event.target);
    if (offset !== null) setActive(offset);
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusWithin(false);
  };

  const activeInView = range !== null && activeRow >= range.startIndex && activeRow <= range.endIndex;
  const tabStop = pinned || activeInView ? activeOffset : firstPhotoInView(rows, items, virtualizer.scrollOffset ?? 0);
  const topRow = rows[range?.startIndex ?? -1];
  const hintId = useId();
  const scrollToRow = (index: number) => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'start' });
  };
  const jumpToMonth = (month: string) => scrollToRow(rows.findIndex((row) => row.kind === 'header' && row.month === month));
  const jumpToOffset = (offset: number) => scrollToRow(rowIndexOfOffset(rows, offset));

  return (
    <div className="grid-frame">
      <ErrorBanner error={error} />
      {topRow && topRow.month !== unlabelledMonth && <CurrentMonthLabel month={topRow.month} />}
      <p id={hintId} className="visually-hidden">
        Arrow keys move between photos; Enter opens one, Space selects it.
      </p>
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="region"
        aria-label={label}
        aria-describedby={hintId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={onBlur}
      >
        <div ref={canvasRef} className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div key={item.key} className="grid-row" data-month={row.month} style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                <GridRowContent
                  row={row}
                  monthCount={monthCounts.get(row.month) ?? 0}
                  columns={columns}
                  tileSize={tileSize}
                  photoAt={photoAt}
                  tabStop={inRow(row, tabStop) ? tabStop : null}
                  actions={actions}
                />
              </div>
            );
          })}
          <TileControls canvasRef={canvasRef} photoAt={photoAt} actions={actions} layoutKey={`${columns}:${tileSize}`} />
        </div>
      </div>
      {/* After the grid: Tab reaches the photos first. */}
      <TimelineNav buckets={buckets} sequence={sequence} currentMonth={topRow?.month ?? null} onJump={jumpToMonth} onJumpToOffset={jumpToOffset} />
    </div>
  );
}

/** The grid offset of a tile element, null for anything else. */
function tileOffset(target: EventTarget): number | null {
  if (!(target instanceof HTMLElement) || !target.classList.contains('tile') || target.dataset.offset === undefined) return null;
  return Number(target.dataset.offset);
}

function inRow(row: GridRow, offset: number): boolean {
  return row.kind === 'photos' && offset >= row.firstOffset && offset < row.firstOffset + row.count;
}

/** The first photo of the first photo row wholly in view, so that focusing it does not scroll. */
function firstPhotoInView(rows: readonly GridRow[], items: readonly VirtualItem[], scrollTop: number): number {
  const item = items.find((candidate) => candidate.start >= scrollTop - 1 && rows[candidate.index]?.kind === 'photos');
  return item ? rows[item.index]!.firstOffset : (rows.find((row) => row.kind === 'photos')?.firstOffset ?? 0);
}
