import { useEffect, useRef } from 'react';
import type { FacetEvent } from '../../../shared/api';
import { useClient } from '../ClientContext';

/** Calls the latest `listener` for every engine event while the component is mounted. */
export function useFacetEvents(listener: (event: FacetEvent) => void): void {
  const client = useClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.subscribe((event) => latest.current(event)), [client]);
}
