import { useEffect, useMemo, useRef } from 'react';

/**
 * Runs `callback` at most once per `intervalMs`, always including a trailing run, so that a burst
 * of engine events during indexing turns into a steady trickle of reloads.
 */
export function useThrottledCallback(callback: () => void, intervalMs: number): () => void {
  const latest = useRef(callback);
  latest.current = callback;
  const state = useRef({ timer: null as ReturnType<typeof setTimeout> | null, last: 0, pending: false });

  useEffect(
    () => () => {
      if (state.current.timer) clearTimeout(state.current.timer);
    },
    [],
  );

  return useMemo(() => {
    const run = () => {
      const s = state.current;
      s.timer = null;
      s.pending = false;
      s.last = Date.now();
      latest.current();
    };
    return () => {
      const s = state.current;
      if (s.timer) {
        s.pending = true;
        return;
      }
      const wait = Math.max(0, s.last + intervalMs - Date.now());
      s.timer = setTimeout(run, wait);
    };
  }, [intervalMs]);
}
