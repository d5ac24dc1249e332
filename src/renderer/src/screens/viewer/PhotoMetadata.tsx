import type { ReactNode } from 'react';
import type { PhotoDetail } from '../../../../shared/api';
import { formatBytes, formatClockTime, formatCoordinate, formatTakenAt, formatTimestamp } from '../../format';
import { DuplicateLink } from './DuplicateLink';

interface Props {
  photo: PhotoDetail;
  onOpenPhoto: (photoId: number) => void;
}

export function PhotoMetadata({ photo, onOpenPhoto }: Props) {
  const camera = cameraName(photo.cameraMake, photo.cameraModel);
  const rows: [string, ReactNode][] = [
    ['Taken', photo.takenAt ? formatTakenAt(photo.takenAt) : 'Unknown'],
    ['Camera', camera || 'Unknown'],
    ['Lens', photo.lensModel ?? 'Unknown'],
    ['Place', photo.place ? `${photo.place.city}, ${photo.place.country}` : photo.gps ? 'No town nearby' : 'Unknown'],
    ['Location', photo.gps ? <GpsText gps={photo.gps} /> : 'None'],
    ['Dimensions', photo.width && photo.height ? `${photo.width} × ${photo.height}` : 'Unknown'],
    ...(photo.durationSeconds !== null ? [['Duration', formatClockTime(photo.durationSeconds)] as [string, ReactNode]] : []),
    ['File', <span className="metadata-path">{photo.path}</span>],
    ['Size', formatBytes(photo.sizeBytes)],
    ['Type', photo.contentType],
    ['Modified', formatTimestamp(photo.modifiedAt)],
    ['Faces', photo.faceStateReason ? `${photo.faceState}: ${photo.faceStateReason}` : photo.faceState],
  ];
  if (photo.missing) rows.push(['Status', 'File is missing from its source']);

  return (
    <>
      <dl className="metadata">
        {rows.map(([term, value]) => (
          <div key={term} className="metadata-row">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-label="Duplicates">
        <h3>Exact duplicates</h3>
        {photo.exactDuplicateIds.length === 0 ? (
          <p>None</p>
        ) : (
          <ul className="duplicate-links">
            {photo.exactDuplicateIds.map((id) => (
              <li key={id}>
                <DuplicateLink photoId={id} onOpen={onOpenPhoto} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function GpsText({ gps }: { gps: NonNullable<PhotoDetail['gps']> }) {
  const altitude = gps.altitude === null ? '' : `, ${Math.round(gps.altitude)} m`;
  return (
    <>
      {formatCoordinate(gps.latitude, 'N', 'S')}, {formatCoordinate(gps.longitude, 'E', 'W')}
      {altitude}
    </>
  );
}

/** "Canon" + "Canon EOS R6" reads "Canon EOS R6"; "Apple" + "iPhone 12" reads "Apple iPhone 12". */
function cameraName(make: string | null, model: string | null): string {
  if (make && model?.toLowerCase().startsWith(make.toLowerCase())) return model;
  return [make, model].filter(Boolean).join(' ');
}
