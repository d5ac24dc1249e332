import { formatCount } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePhotoPages } from '../../hooks/usePhotoPages';
import { PhotoBrowser } from './PhotoBrowser';

export function LibraryScreen() {
  const timeline = useApiQuery('getTimeline', {}, ['library-changed']);
  const { cache, version, error: pageError } = usePhotoPages();

  const buckets = timeline.data ?? [];
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const error = timeline.error ?? pageError;

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
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      <div className="library-grid">
        <PhotoBrowser buckets={buckets} cache={cache} version={version} />
      </div>
    </section>
  );
}
