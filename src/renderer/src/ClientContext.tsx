import { createContext, useContext, type ReactNode } from 'react';
import type { FacetClient } from '../../shared/api';

const ClientContext = createContext<FacetClient | null>(null);

export function ClientProvider({ client, children }: { client: FacetClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): FacetClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}
