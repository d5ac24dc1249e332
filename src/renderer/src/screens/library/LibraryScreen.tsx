import { useEffect, useState } from 'react';
import { formatNumber } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePhotoPages } from '../../hooks/usePhotoPages';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { PhotoGrid } from './PhotoGrid';

export function LibraryScreen() {
  const timeline = useApiQuery('getTimeline', {}, ['library-changed']);
  const { cache, version, error: pageError } = usePhotoPages();
  const [openOffset, setOpenOffset] = useState<number | null>(null);

  const buckets = timeline.data ?? [];
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const error = timeline.error ?? pageError;

  useEffect(() => {
    if (openOffset !== null) cache.request(openOffset, openOffset);
  }, [cache, openOffset, version]);

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

  const openPhoto = openOffset === null ? undefined : cache.photoAt(openOffset);

  return (
    <>
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      <PhotoGrid
        buckets={buckets}
        cache={cache}
        version={version}
        focusOffset={openOffset}
        onOpen={setOpenOffset}
      />
      {openOffset !== null && openPhoto && (
        <PhotoViewer
          photoId={openPhoto.id}
          position={`${formatNumber(openOffset + 1)} of ${formatNumber(total)}`}
          onPrevious={openOffset > 0 ? () => setOpenOffset(openOffset - 1) : undefined}
          onNext={openOffset < total - 1 ? () => setOpenOffset(openOffset + 1) : undefined}
          onClose={() => setOpenOffset(null)}
        />
      )}
    </>
  );
}
