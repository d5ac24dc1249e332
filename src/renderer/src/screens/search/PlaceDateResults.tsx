import type { PhotoSearchFilter } from '../../../../shared/places-api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { formatCount } from '../../format';
import { PhotoBrowser } from '../library/PhotoBrowser';

/** The photos a place and date search found, under month headers, with the viewer. */
export function PlaceDateResults({ filter }: { filter: PhotoSearchFilter }) {
  const timeline = useApi('getSearchTimeline', { filter });
  const buckets = timeline.data ?? [];
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);

  return (
    <>
      <ErrorBanner error={timeline.error} />
      {timeline.data && (
        <p role="status" className="place-date-count">
          {total === 0 ? 'No photos match.' : `${formatCount(total, 'photo')} found`}
        </p>
      )}
      {total > 0 && (
        <div className="place-date-results">
          <PhotoBrowser buckets={buckets} sequence={{ method: 'searchPhotos', input: { filter } }} label="Photos found" />
        </div>
      )}
    </>
  );
}
