import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useClient } from '../ClientContext';
import { followEngineEvents } from './engineEvents';

/**
 * Engine events say when an answer goes stale (data/invalidation.ts), so answers stay fresh until
 * then: no refetch on focus or mount, no polling. A failed read is not retried: the web transport
 * already holds reads while the server is away, and an engine error would only repeat.
 */
function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Number.POSITIVE_INFINITY, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
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
