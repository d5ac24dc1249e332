import { useEffect, useRef } from 'react';
import type { PhotoDetail } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { usePhotoFaces } from '../../hooks/usePhotoFaces';

interface Props {
  photo: PhotoDetail;
  /** Choosing a face of the video (its chip, or opening the viewer on it) shows the frame it was found in. */
  selectedFaceId: number | null;
}

/**
 * The original, streamed with byte ranges so the player can seek (server/byte-range.ts); the
 * poster frame shows until it plays. Face boxes are not drawn: they belong to single frames.
 */
export function VideoPlayer({ photo, selectedFaceId }: Props) {
  const client = useClient();
  const videoRef = useRef<HTMLVideoElement>(null);
  const { faces } = usePhotoFaces(photo.id);
  const seconds = faces.find(({ face }) => face.id === selectedFaceId)?.face.frameSeconds ?? null;

  useEffect(() => {
    const video = videoRef.current;
    if (!video || seconds === null) return;
    video.pause();
    video.currentTime = seconds;
  }, [seconds, selectedFaceId]);

  return (
    <div className="viewer-media">
      <video
        ref={videoRef}
        controls
        preload="metadata"
        src={client.mediaUrl('original', photo.id)}
        poster={photo.hasThumb ? client.mediaUrl('preview', photo.id) : undefined}
        aria-label={photo.fileName}
      />
    </div>
  );
}
