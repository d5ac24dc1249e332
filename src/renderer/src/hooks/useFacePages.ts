import { useCallback, useEffect, useRef, useState } from 'react';
import type { FacePage, FaceSummary } from '../../../shared/people-api';
import { errorMessage } from '../transport/ClientError';
import { useFacetEvents } from './useFacetEvents';
import { useThrottledCallback } from './useThrottledCallback';

const pageSize = 200;
/** The most faces one API call returns. */
const maxLimit = 2000;

export interface FacePages {
  faces: FaceSummary[];
  total: number | null;
  error: string | null;
  /** Loads the next page, when there is one. */
  loadMore: (() => void) | null;
}

/**
 * Faces of one paged source (a person, the unsorted faces), shown a page at a time. A new `key` or
 * `revision`, or a library change, loads again as many faces as were shown.
 */
export function useFacePages(loadPage: (offset: number, limit: number) => Promise<FacePage>, key: string, revision: number): FacePages {
  const [state, setState] = useState<{ key: string; faces: FaceSummary[]; total: number | null }>({ key, faces: [], total: null });
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(pageSize);
  const latestLoad = useRef(loadPage);
  latestLoad.current = loadPage;
  const generation = useRef(0);

  useEffect(() => setShown(pageSize), [key]);

  const load = useCallback(() => {
    const mine = ++generation.current;
    const offsets = Array.from({ length: Math.ceil(shown / maxLimit) }, (_, i) => i * maxLimit);
    Promise.all(offsets.map((offset) => latestLoad.current(offset, Math.min(maxLimit, shown - offset)))).then(
      (pages) => {
        if (mine !== generation.current) return;
        setState({ key, faces: pages.flatMap((page) => page.items), total: pages[0]?.total ?? 0 });
        setError(null);
      },
      (e: unknown) => {
        if (mine === generation.current) setError(errorMessage(e));
      },
    );
  }, [key, shown]);

  useEffect(load, [load, revision]);
  const throttledLoad = useThrottledCallback(load, 1000);
  useFacetEvents((event) => {
    if (event.type === 'library-changed') throttledLoad();
  });

  const current = state.key === key;
  const faces = current ? state.faces : [];
  const total = current ? state.total : null;
  return {
    faces,
    total,
    error,
    loadMore: total !== null && faces.length < total ? () => setShown((n) => n + pageSize) : null,
  };
}
