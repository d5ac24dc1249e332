import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { TimelineBucket } from '../../../../shared/api';
import { useElementWidth } from '../../hooks/useElementWidth';
import { buildGridRows, gridGap as gap, rowIndexOfOffset, unlabelledMonth } from './gridLayout';
import { CurrentMonthLabel } from './CurrentMonthLabel';
import { GridRowContent } from './GridRowContent';
import type { PhotoPageCache } from './PhotoPageCache';

const targetTileSize = 168;
const headerHeight = 48;

interface Props {
  buckets: readonly TimelineBucket[];
  cache: PhotoPageCache;
  /** Changes when pages arrive or go stale: visible pages are requested again then. */
  version: number;
  /** Offset of the photo open in the viewer: kept scrolled into view. */
  focusOffset: number | null;
  onOpen: (offset: number) => void;
  /** Accessible name of the scrolling region. */
  label?: string;
}

/**
 * The photo grid of the library (under month headers), a person or an event. Only the rows in view (plus a few) are in the DOM, and only their photo
 * pages are fetched, so 100,000 photos scroll like 100.
 */
export function PhotoGrid({ buckets, cache, version, focusOffset, onOpen, label = 'Photos by date' }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const columns = Math.max(1, Math.floor((width + gap) / (targetTileSize + gap)));
  const tileSize = width > 0 ? (width - gap * (columns - 1)) / columns : targetTileSize;
  const rows = useMemo(() => buildGridRows(buckets, columns), [buckets, columns]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'header' ? headerHeight : tileSize + gap),
    overscan: 4,
    // Let React batch scroll updates instead of forcing a synchronous render per scroll event.
    useFlushSync: false,
  });
  // Row heights depend on the width: re-measure when it changes.
  useEffect(() => virtualizer.measure(), [virtualizer, tileSize, rows]);

  const monthCounts = useMemo(() => new Map(buckets.map((b) => [b.month, b.count])), [buckets]);

  const items = virtualizer.getVirtualItems();
  const firstOffset = rows[items[0]?.index ?? -1]?.firstOffset ?? 0;
  const lastRow = rows[items.at(-1)?.index ?? -1];
  const lastOffset = lastRow ? lastRow.firstOffset + lastRow.count - 1 : -1;
  useEffect(() => cache.request(firstOffset, lastOffset), [cache, firstOffset, lastOffset, version]);

  useEffect(() => {
    if (focusOffset === null) return;
    const index = rowIndexOfOffset(rows, focusOffset);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [focusOffset, rows, virtualizer]);

  const topRow = rows[virtualizer.range?.startIndex ?? -1];

  return (
    <div className="grid-frame">
      {topRow && topRow.month !== unlabelledMonth && <CurrentMonthLabel month={topRow.month} />}
      <div ref={scrollRef} className="grid-scroll" role="region" aria-label={label} tabIndex={-1}>
        <div className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                className="grid-row"
                data-month={row.month}
                style={{ transform: `translateY(${item.start}px)`, height: item.size }}
              >
                <GridRowContent
                  row={row}
                  monthCount={monthCounts.get(row.month) ?? 0}
                  columns={columns}
                  tileSize={tileSize}
                  cache={cache}
                  version={version}
                  onOpen={onOpen}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
