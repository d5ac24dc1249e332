import { useEffect, useState } from 'react';
import type { TimelineBucket } from '../../../../shared/api';
import { formatNumber } from '../../format';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { PhotoGrid } from './PhotoGrid';
import type { PhotoPageCache } from './PhotoPageCache';

interface Props {
  buckets: readonly TimelineBucket[];
  cache: PhotoPageCache;
  version: number;
  /** Accessible name of the grid. */
  label?: string;
}

/** A virtual photo grid and the viewer that steps through the same sequence. */
export function PhotoBrowser({ buckets, cache, version, label }: Props) {
  const [openOffset, setOpenOffset] = useState<number | null>(null);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);

  useEffect(() => {
    if (openOffset !== null) cache.request(openOffset, openOffset);
  }, [cache, openOffset, version]);

  const openPhoto = openOffset === null ? undefined : cache.photoAt(openOffset);

  return (
    <>
      <PhotoGrid buckets={buckets} cache={cache} version={version} focusOffset={openOffset} onOpen={setOpenOffset} label={label} />
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
