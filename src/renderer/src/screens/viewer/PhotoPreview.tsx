import { useRef, useState } from 'react';
import type { PhotoDetail } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { useElementSize } from '../../hooks/useElementSize';
import type { NamedFace } from '../../hooks/usePhotoFaces';
import { FaceBoxes } from './FaceBoxes';
import { fitSize } from './faceGeometry';
import { VideoPlayer } from './VideoPlayer';

interface Props {
  photo: PhotoDetail;
  /** Drawn over the image; empty when face boxes are switched off. */
  faces: readonly NamedFace[];
  /** The face being fixed, and choosing one by its box. */
  selectedFaceId: number | null;
  onSelectFace: (faceId: number | null) => void;
}

/**
 * The large image, framed to its own aspect ratio so face boxes can sit on it; falls back to the
 * thumbnail, then to words, when a rendition is unavailable.
 */
export function PhotoPreview({ photo, faces, selectedFaceId, onSelectFace }: Props) {
  const client = useClient();
  const areaRef = useRef<HTMLDivElement>(null);
  const area = useElementSize(areaRef);
  const [failed, setFailed] = useState<{ id: number; kinds: string[] }>({ id: photo.id, kinds: [] });
  const failedKinds = failed.id === photo.id ? failed.kinds : [];

  if (photo.mediaType === 'video') return <VideoPlayer photo={photo} selectedFaceId={selectedFaceId} />;

  const kind = !failedKinds.includes('preview') ? 'preview' : photo.hasThumb && !failedKinds.includes('thumb') ? 'thumb' : null;
  const image = photo.width && photo.height ? { width: photo.width, height: photo.height } : null;
  const frame = image ? fitSize(image, area) : null;
  return (
    <div className="viewer-media" ref={areaRef}>
      {kind ? (
        <div className="viewer-frame" style={frame ? { width: frame.width, height: frame.height } : undefined}>
          <img
            key={`${photo.id}-${kind}`}
            src={client.mediaUrl(kind, photo.id)}
            alt={photo.fileName}
            onError={() => setFailed({ id: photo.id, kinds: [...failedKinds, kind] })}
          />
          {image && faces.length > 0 && <FaceBoxes faces={faces} image={image} selectedId={selectedFaceId} onSelect={onSelectFace} />}
        </div>
      ) : (
        <p className="viewer-no-preview">
          No preview for {photo.fileName} ({photo.contentType}).
        </p>
      )}
    </div>
  );
}
