import { useEffect } from 'react';
import type { PhotoPage } from '../../../../shared/api';
import { formatCount } from '../../format';
import { usePhotoPages } from '../../hooks/usePhotoPages';
import { unlabelledBuckets } from './gridLayout';
import { PhotoBrowser } from './PhotoBrowser';

interface Props {
  /** Loads one page of the sequence (listPersonPhotos, listEventPhotos ...). */
  loadPage: (offset: number, limit: number) => Promise<PhotoPage>;
  /** Identifies the sequence: a new key starts over. */
  sequenceKey: string;
  /** Changes when the caller changed the sequence, so every page is fetched again. */
  revision: number;
  label: string;
}

/** A paged photo sequence without a timeline, in the library's virtual grid and viewer. */
export function PagedPhotos({ loadPage, sequenceKey, revision, label }: Props) {
  const { cache, version, error } = usePhotoPages(loadPage, sequenceKey);
  // The grid asks for pages in view only, and there is no view before the first page gives the length.
  useEffect(() => cache.request(0, 0), [cache, version]);
  useEffect(() => {
    if (revision > 0) cache.invalidate();
  }, [cache, revision]);

  const total = cache.total;
  return (
    <div className="paged-photos">
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      {total === 0 && <p className="empty-note">No photos.</p>}
      {total !== null && total > 0 && (
        <>
          <p className="paged-photos-count">{formatCount(total, 'photo')}</p>
          <div className="paged-photos-grid">
            <PhotoBrowser buckets={unlabelledBuckets(total)} cache={cache} version={version} label={label} />
          </div>
        </>
      )}
    </div>
  );
}
