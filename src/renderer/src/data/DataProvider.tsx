import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../ClientContext';
import { followEngineEvents } from './engineEvents';

/**
 * Engine events say when an answer on screen goes stale (data/invalidation.ts): no polling, no
 * refetch on focus. A view that mounts shows the cached answer and reads again all the same, since
 * not every change is announced (another client's, one the engine makes without an event). A
 * failed read is not retried: the web transport already holds reads while the server is away, and
 * an engine error would only repeat.
 */
function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/** The renderer's query cache, following the engine's events. Inside ClientProvider. */
export function DataProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [queryClient] = useState(createQueryClient);
  useEffect(() => followEngineEvents(client, queryClient), [client, queryClient]);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
