import { useEffect, useMemo, useRef, useState } from 'react';
import { useClient } from '../ClientContext';
import { PhotoPageCache, type LoadPage } from '../screens/library/PhotoPageCache';
import { errorMessage } from '../transport/ClientError';
import { useFacetEvents } from './useFacetEvents';
import { useThrottledCallback } from './useThrottledCallback';

export interface PhotoPages {
  cache: PhotoPageCache;
  /** Changes whenever a page arrives or the sequence changed, so views reading the cache re-render. */
  version: number;
  error: string | null;
}

/**
 * Pages of one photo sequence for a grid and the viewer: the library (listPhotos) by default, or
 * any other paged source (a person's or an event's photos). A new `key` starts a new cache.
 */
export function usePhotoPages(loadPage?: LoadPage, key = 'library'): PhotoPages {
  const client = useClient();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const latestLoad = useRef(loadPage);
  latestLoad.current = loadPage;
  const cache = useMemo(
    () =>
      new PhotoPageCache(
        (offset, limit) => (latestLoad.current ?? ((o, l) => client.call('listPhotos', { offset: o, limit: l })))(offset, limit),
        () => setVersion((v) => v + 1),
        (e) => setError(errorMessage(e)),
      ),
    [client, key],
  );

  useEffect(() => setError(null), [version]);

  const invalidate = useThrottledCallback(() => cache.invalidate(), 1000);
  useFacetEvents((event) => {
    if (event.type === 'library-changed') invalidate();
  });

  return { cache, version, error };
}
