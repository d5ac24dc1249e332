import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient } from '../../ClientContext';
import type { PhotoSequence } from '../../data/photoPages';
import { errorMessage } from '../../transport/ClientError';

/** How a tile was clicked: shift extends from the last tile clicked, ctrl/cmd toggles one. */
export interface TileClick {
  shift: boolean;
  toggle: boolean;
}

export interface GridSelection {
  /** Selected photo ids: by id, so a selection survives scrolling pages out and back in. */
  ids: ReadonlySet<number>;
  /** A new function whenever the selection changes: tiles in view re-render then, not on scroll. */
  isSelected: (photoId: number) => boolean;
  /** True when the click changed the selection (the viewer then stays closed). */
  click: (offset: number, photoId: number, how: TileClick) => boolean;
  selectAll: () => Promise<void>;
  clear: () => void;
  /** Why select all or a range failed, in words. */
  error: string | null;
}

/**
 * Multi-select over a photo sequence of any length. A plain click selects only once something is
 * selected (until then it opens the viewer); shift-click takes every photo between it and the
 * last tile clicked, and select all takes the whole sequence, both from the engine's id list
 * (listPhotoIds), since most of their pages are not loaded.
 */
export function useGridSelection(sequence: PhotoSequence): GridSelection {
  const client = useClient();
  const [ids, setIds] = useState<ReadonlySet<number>>(() => new Set());
  const [error, setError] = useState<string | null>(null);
  const anchor = useRef<number | null>(null);
  const sequenceKey = JSON.stringify(sequence);

  // Another sequence (a filter changed) is other photos at other offsets.
  useEffect(() => {
    setIds(new Set());
    anchor.current = null;
  }, [sequenceKey]);

  const allIds = useCallback(async () => {
    const { method, input } = JSON.parse(sequenceKey) as PhotoSequence;
    return client.call('listPhotoIds', { sequence: { method, input } as never });
  }, [client, sequenceKey]);

  const run = useCallback(async (work: () => Promise<void>) => {
    try {
      setError(null);
      await work();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, []);

  const click = useCallback(
    (offset: number, photoId: number, how: TileClick) => {
      const from = anchor.current;
      if (how.shift && from !== null) {
        void run(async () => {
          const range = (await allIds()).slice(Math.min(from, offset), Math.max(from, offset) + 1);
          setIds((current) => new Set([...current, ...range]));
        });
        return true;
      }
      if (!how.toggle && !how.shift && ids.size === 0) return false;
      anchor.current = offset;
      setIds((current) => {
        const next = new Set(current);
        if (!next.delete(photoId)) next.add(photoId);
        return next;
      });
      return true;
    },
    [allIds, ids.size, run],
  );

  const selectAll = useCallback(() => run(async () => setIds(new Set(await allIds()))), [allIds, run]);
  const clear = useCallback(() => {
    setIds(new Set());
    anchor.current = null;
  }, []);

  return useMemo(() => ({ ids, isSelected: (photoId: number) => ids.has(photoId), click, selectAll, clear, error }), [ids, click, selectAll, clear, error]);
}
