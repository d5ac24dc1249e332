import type { SelfieMatch } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { formatPercent } from '../../format';
import { boxPercentStyle } from '../viewer/faceGeometry';

const cardHeight = 180;
const maxCardWidth = 320;

/** A ranked photo with the face that matched framed, and how sure the match is. */
export function SelfieMatchCard({ match, rank, onOpen }: { match: SelfieMatch; rank: number; onOpen: () => void }) {
  const client = useClient();
  const { photo } = match;
  const width = photo.width ?? cardHeight;
  const height = photo.height ?? cardHeight;
  const shownWidth = Math.min(maxCardWidth, (cardHeight * width) / height);
  const confidence = formatPercent(match.confidence);
  return (
    <button
      type="button"
      className="match-card"
      aria-label={`${rank}. ${photo.fileName}, ${confidence} match`}
      data-photo-id={photo.id}
      data-face-id={match.faceId}
      onClick={onOpen}
    >
      <span className="match-photo" style={{ width: shownWidth, height: (shownWidth * height) / width }}>
        {photo.hasThumb ? (
          <img src={client.mediaUrl('thumb', photo.id)} alt="" loading="lazy" draggable={false} />
        ) : (
          <span className="tile-placeholder">{photo.fileName}</span>
        )}
        <span className="match-box" style={boxPercentStyle(match.box, { width, height })} aria-hidden="true" />
      </span>
      <span className="match-caption">
        <span className="match-name">{photo.fileName}</span>
        <span className={`match-confidence${match.confidence >= 0.5 ? ' likely' : ''}`}>{confidence}</span>
      </span>
    </button>
  );
}
