import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../format';
import type { PhotoSequence } from '../../data/photoPages';
import { useApi } from '../../data/useApi';
import { PhotoBrowser } from './PhotoBrowser';

const everyPhoto: PhotoSequence = { method: 'listPhotos', input: {} };

export function LibraryScreen() {
  const timeline = useApi('getTimeline', {});
  const buckets = timeline.data ?? [];
  const total = buckets.reduce((sum, b) => sum + b.count, 0);

  if (timeline.data && total === 0) {
    return (
      <section className="empty-state">
        <h1>No photos yet</h1>
        <p>
          Add a folder on the <a href="#/sources">Sources</a> page; photos appear here while they are indexed.
        </p>
      </section>
    );
  }

  return (
    <section className="library" aria-labelledby="library-heading">
      <div className="library-heading">
        <h1 id="library-heading">Library</h1>
        {timeline.data && <span className="heading-count">{formatCount(total, 'item')}</span>}
      </div>
      <ErrorBanner error={timeline.error} />
      <div className="library-grid">
        <PhotoBrowser buckets={buckets} sequence={everyPhoto} />
      </div>
    </section>
  );
}
