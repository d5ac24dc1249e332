import { useEffect, useState } from 'react';
import { useClient } from '../ClientContext';
import { PhotoPageCache } from '../screens/library/PhotoPageCache';
import { errorMessage } from '../transport/ClientError';
import { useFacetEvents } from './useFacetEvents';
import { useThrottledCallback } from './useThrottledCallback';

/**
 * The library's photo pages for the grid and the viewer. `version` changes whenever a page
 * arrives or the library changed, so views that read `cache.photoAt` re-render.
 */
export function usePhotoPages(): { cache: PhotoPageCache; version: number; error: string | null } {
  const client = useClient();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [cache] = useState(
    () =>
      new PhotoPageCache(
        (offset, limit) => client.call('listPhotos', { offset, limit }),
        () => setVersion((v) => v + 1),
        (e) => setError(errorMessage(e)),
      ),
  );

  useEffect(() => setError(null), [version]);

  const invalidate = useThrottledCallback(() => cache.invalidate(), 1000);
  useFacetEvents((event) => {
    if (event.type === 'library-changed') invalidate();
  });

  return { cache, version, error };
}
