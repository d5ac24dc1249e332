import type { QueryClient } from '@tanstack/react-query';
import type { FacetClient } from '../../../shared/api';
import { changesOf, readsAfterChanges, type QueryMethod } from './invalidation';
import { throttle } from './throttle';

/** How often one read is fetched again at most while engine events keep arriving. */
const refetchIntervalMs = 750;
/**
 * Reads that cost more: recomputing event suggestions reads every dated photo (a few hundred ms
 * at 100,000 photos), so while photos keep landing it runs at most this often.
 */
const slowReadIntervalMs: Partial<Record<QueryMethod, number>> = { suggestEvents: 10_000 };

/**
 * Keeps the query cache in step with the engine: each event invalidates the reads the map in
 * invalidation.ts names for it (throttled per read), and 'library-changed' (the engine restarted,
 * or the web mode's connection came back) invalidates everything. Returns the unsubscribe.
 */
export function followEngineEvents(client: FacetClient, queryClient: QueryClient): () => void {
  const throttles = new Map<QueryMethod, ReturnType<typeof throttle>>();
  const invalidateSoon = (method: QueryMethod) => {
    let throttled = throttles.get(method);
    if (!throttled) {
      throttled = throttle(() => void queryClient.invalidateQueries({ queryKey: [method] }), slowReadIntervalMs[method] ?? refetchIntervalMs);
      throttles.set(method, throttled);
    }
    throttled.call();
  };

  const unsubscribe = client.subscribe((event) => {
    const changes = changesOf(event);
    if (changes === null) void queryClient.invalidateQueries();
    else for (const method of readsAfterChanges(changes)) invalidateSoon(method);
  });
  return () => {
    unsubscribe();
    for (const throttled of throttles.values()) throttled.cancel();
  };
}
