import { formatCount } from '../../format';
import { usePhotoRange, type PhotoSequence } from '../../data/photoPages';
import { ErrorBanner } from '../../components/ErrorBanner';
import { unlabelledBuckets } from './gridLayout';
import type { SelectionPlace } from '../../components/selection/SelectionBar';
import { PhotoBrowser } from './PhotoBrowser';

interface Props {
  /** The sequence (listPersonPhotos, listEventPhotos ...): a new one starts over. */
  sequence: PhotoSequence;
  label: string;
  /** Which grid this is, for what its selection offers. */
  place: SelectionPlace;
}

/** A paged photo sequence without a timeline, in the library's virtual grid and viewer. */
export function PagedPhotos({ sequence, label, place }: Props) {
  // There is no grid before the first page gives the length.
  const { total, error } = usePhotoRange(sequence, 0, 0);
  return (
    <div className="paged-photos">
      <ErrorBanner error={error} />
      {total === 0 && <p className="empty-note">No photos.</p>}
      {total !== null && total > 0 && (
        <>
          <p className="paged-photos-count">{formatCount(total, 'photo')}</p>
          <div className="paged-photos-grid">
            <PhotoBrowser buckets={unlabelledBuckets(total)} sequence={sequence} label={label} place={place} />
          </div>
        </>
      )}
    </div>
  );
}
