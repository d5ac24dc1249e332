import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ApiInput, ApiMethod, ApiOutput, FacetEvent } from '../../../shared/api';
import { useClient } from '../ClientContext';
import { errorMessage } from '../transport/ClientError';
import { connection } from '../transport/connection';
import { useFacetEvents } from './useFacetEvents';
import { useThrottledCallback } from './useThrottledCallback';

export interface ApiQuery<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

const reloadIntervalMs = 750;

/**
 * One API call whose answer the view shows, reloaded when the input changes, (throttled)
 * whenever one of `reloadOn` events arrives, and when the web mode's connection comes back.
 * Answers of superseded calls are dropped.
 */
export function useApiQuery<M extends ApiMethod>(
  method: M,
  input: ApiInput<M>,
  reloadOn: readonly FacetEvent['type'][] = [],
): ApiQuery<ApiOutput<M>> {
  const client = useClient();
  const inputKey = JSON.stringify(input);
  // The answer remembers its input, so a view never shows the answer to a previous input.
  const [state, setState] = useState<{ key: string; data: ApiOutput<M> | undefined; error: string | null; loading: boolean }>({
    key: inputKey,
    data: undefined,
    error: null,
    loading: true,
  });
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    client.call(method, JSON.parse(inputKey) as ApiInput<M>).then(
      (data) => {
        if (mine === generation.current) setState({ key: inputKey, data, error: null, loading: false });
      },
      (error: unknown) => {
        if (mine === generation.current) setState((s) => ({ ...s, key: inputKey, error: errorMessage(error), loading: false }));
      },
    );
  }, [client, method, inputKey]);

  useEffect(load, [load]);

  // Anything may have changed while the server was away (or restarted), events or not.
  const { restored } = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  const seenRestored = useRef(restored);
  useEffect(() => {
    if (restored === seenRestored.current) return;
    seenRestored.current = restored;
    load();
  }, [restored, load]);

  const throttledLoad = useThrottledCallback(load, reloadIntervalMs);
  useFacetEvents((event) => {
    if (reloadOn.includes(event.type)) throttledLoad();
  });

  const current = state.key === inputKey;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: state.loading || !current,
    reload: load,
  };
}
