import type { QueryClient } from '@tanstack/react-query';
import type { ApiMethod, ChangeDomain, FacetEvent } from '../../../shared/api';

/** What the engine can say changed: a domain of a 'changed' event, or indexing progress. */
export type EngineChange = ChangeDomain | 'index-progress';

/**
 * THE map from what the engine says changed to the reads (query keys: `[method, input]`, matched
 * by method) that may now answer differently. Engine events and the UI's own changes both go
 * through it; a read that is in no list here cannot be queried (see QueryMethod).
 */
export const readsAfter = {
  photos: [
    'getStatus',
    'searchPhotos',
    'getSearchTimeline',
    'listPlaces',
    'listSources',
    'listPhotos',
    'getTimeline',
    'getPhoto',
    'listPhotoFaces',
    'listDuplicates',
    'listErrors',
    'listEvents',
    'listEventPhotos',
    'listEventPeople',
    'listEventGuests',
    'listGuestPhotos',
    'listEventSuggestions',
    'suggestEvents',
    'estimateEventExport',
    'listPersonPhotos',
    'getDiskUsage',
  ],
  people: [
    'getStatus',
    'listPhotoFaces',
    'listPeople',
    'getPerson',
    'listPersonPhotos',
    'listPersonFaces',
    'listUnsortedFaces',
    'listIgnoredFaces',
    'listSamePersonSuggestions',
    'listEventPeople',
    'listEventGuests',
    'listGuestPhotos',
    'estimateEventExport',
    'getDiskUsage',
    'getFaceRecognition',
  ],
  events: [
    'listEvents',
    'listEventPhotos',
    'listEventPeople',
    'listEventGuests',
    'listGuestPhotos',
    'listEventSuggestions',
    'suggestEvents',
    'estimateEventExport',
    'getEventSyncStatus',
    'getEventAutoSync',
  ],
  sources: ['getStatus', 'listSources', 'listErrors', 'getLibrarySettings', 'getFaceRecognition'],
  jobs: ['getStatus', 'listErrors'],
  marks: ['listPhotos', 'searchPhotos', 'getTimeline', 'getPhoto', 'listDuplicates', 'listEventPhotos', 'listPersonPhotos', 'listGuestPhotos', 'listPhotoIds'],
  // Counts and states move while a source is indexed; the photos themselves come with 'photos'.
  'index-progress': ['getStatus', 'listSources', 'listErrors'],
} as const satisfies Record<EngineChange, readonly ApiMethod[]>;

/** The API methods the renderer reads through the query cache. */
export type QueryMethod = (typeof readsAfter)[EngineChange][number];

/** The reads that may answer differently after `changes`, each once. */
export function readsAfterChanges(changes: readonly EngineChange[]): Set<QueryMethod> {
  return new Set(changes.flatMap((change): readonly QueryMethod[] => readsAfter[change]));
}

/** What an engine event changed: null for everything, [] for nothing the views read. */
export function changesOf(event: FacetEvent): readonly EngineChange[] | null {
  switch (event.type) {
    case 'changed':
      return event.domains;
    case 'index-progress':
      return ['index-progress'];
    case 'library-changed':
      return null;
    case 'sync-progress':
      return [];
  }
}

/** Marks the reads after `changes` stale; those on screen are fetched again at once (resolves when they are). */
export async function invalidateAfter(queryClient: QueryClient, changes: readonly EngineChange[]): Promise<void> {
  await Promise.all([...readsAfterChanges(changes)].map((method) => queryClient.invalidateQueries({ queryKey: [method] })));
}
