import { useState } from 'react';
import type { IndexProgress } from '../../../shared/api';
import { useFacetEvents } from './useFacetEvents';

/** Latest progress report per source, from 'index-progress' events. */
export function useIndexProgress(): ReadonlyMap<number, IndexProgress> {
  const [bySource, setBySource] = useState<ReadonlyMap<number, IndexProgress>>(new Map());
  useFacetEvents((event) => {
    if (event.type !== 'index-progress') return;
    const { progress } = event;
    setBySource((previous) => new Map(previous).set(progress.sourceId, progress));
  });
  return bySource;
}
