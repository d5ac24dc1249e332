import { useClient } from '../../ClientContext';

/** A face crop (media kind 'face', addressed by the face id). */
export function FaceThumb({ faceId, alt, size = 96 }: { faceId: number | null; alt: string; size?: number }) {
  const client = useClient();
  if (faceId === null) return <span className="face-thumb face-thumb-empty" style={{ width: size, height: size }} aria-hidden="true" />;
  return (
    <img className="face-thumb" src={client.mediaUrl('face', faceId)} alt={alt} width={size} height={size} loading="lazy" decoding="async" draggable={false} />
  );
}
