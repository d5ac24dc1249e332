import { createContext, useContext, type ReactNode } from 'react';
import { useSelfieSearchState, type SelfieSearch } from '../../hooks/useSelfieSearchState';

const SelfieSearchContext = createContext<SelfieSearch | null>(null);

/** One selfie search for the whole window: the drop zone and the header button start it, the Search screen shows it. */
export function SelfieSearchProvider({ children }: { children: ReactNode }) {
  return <SelfieSearchContext.Provider value={useSelfieSearchState()}>{children}</SelfieSearchContext.Provider>;
}

export function useSelfieSearch(): SelfieSearch {
  const search = useContext(SelfieSearchContext);
  if (!search) throw new Error('useSelfieSearch outside SelfieSearchProvider');
  return search;
}
