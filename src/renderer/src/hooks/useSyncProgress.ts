import { useState } from 'react';
import type { FacetEvent } from '../../../shared/api';
import { useFacetEvents } from './useFacetEvents';

export type SyncProgress = Extract<FacetEvent, { type: 'sync-progress' }>;

/** The latest 'sync-progress' report of one event; `clear` forgets it once the sync is over. */
export function useSyncProgress(eventId: number): { progress: SyncProgress | null; clear: () => void } {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  useFacetEvents((event) => {
    if (event.type === 'sync-progress' && event.eventId === eventId) setProgress(event);
  });
  return { progress, clear: () => setProgress(null) };
}
