import { useState } from 'react';
import type { TimelineBucket } from '../../../../shared/api';
import { usePhotoRange, type PhotoSequence } from '../../data/photoPages';
import { formatNumber } from '../../format';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { PhotoGrid } from './PhotoGrid';

interface Props {
  buckets: readonly TimelineBucket[];
  sequence: PhotoSequence;
  /** Accessible name of the grid. */
  label?: string;
}

/** A virtual photo grid and the viewer that steps through the same sequence. */
export function PhotoBrowser({ buckets, sequence, label }: Props) {
  const [openOffset, setOpenOffset] = useState<number | null>(null);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const open = usePhotoRange(sequence, openOffset ?? 0, openOffset ?? -1);
  const openPhoto = openOffset === null ? undefined : open.photoAt(openOffset);

  return (
    <>
      <PhotoGrid buckets={buckets} sequence={sequence} focusOffset={openOffset} onOpen={setOpenOffset} label={label} />
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
