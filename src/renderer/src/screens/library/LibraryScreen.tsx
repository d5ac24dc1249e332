import { useState } from 'react';
import type { LibraryFilter } from '../../../../shared/organize-api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LibraryFilterBar } from '../../components/selection/LibraryFilterBar';
import { formatCount } from '../../format';
import type { PhotoSequence } from '../../data/photoPages';
import { useApi } from '../../data/useApi';
import { PhotoBrowser } from './PhotoBrowser';

export function LibraryScreen() {
  const [filter, setFilter] = useState<LibraryFilter>({});
  const filtered = Object.keys(filter).length > 0;
  const timeline = useApi('getTimeline', filter);
  const sequence: PhotoSequence = { method: 'listPhotos', input: filter };
  const buckets = timeline.data ?? [];
  const total = buckets.reduce((sum, b) => sum + b.count, 0);

  if (timeline.data && total === 0 && !filtered) {
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
        <LibraryFilterBar filter={filter} onChange={setFilter} />
      </div>
      <ErrorBanner error={timeline.error} />
      {timeline.data && total === 0 && <p className="empty-note">No photos match these filters.</p>}
      <div className="library-grid">
        <PhotoBrowser buckets={buckets} sequence={sequence} place={{ kind: 'library', showingHidden: filter.hidden === true }} />
      </div>
    </section>
  );
}
