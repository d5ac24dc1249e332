import { useState } from 'react';
import type { PhotoDetail } from '../../../../shared/api';
import { useClient } from '../../ClientContext';

/** The large image; falls back to the thumbnail, then to words, when a rendition is unavailable. */
export function PhotoPreview({ photo }: { photo: PhotoDetail }) {
  const client = useClient();
  const [failed, setFailed] = useState<{ id: number; kinds: string[] }>({ id: photo.id, kinds: [] });
  const failedKinds = failed.id === photo.id ? failed.kinds : [];

  if (photo.mediaType === 'video') {
    return (
      <div className="viewer-media">
        <video controls src={client.mediaUrl('original', photo.id)} aria-label={photo.fileName} />
      </div>
    );
  }

  const kind = !failedKinds.includes('preview') ? 'preview' : photo.hasThumb && !failedKinds.includes('thumb') ? 'thumb' : null;
  return (
    <div className="viewer-media">
      {kind ? (
        <img
          key={`${photo.id}-${kind}`}
          src={client.mediaUrl(kind, photo.id)}
          alt={photo.fileName}
          onError={() => setFailed({ id: photo.id, kinds: [...failedKinds, kind] })}
        />
      ) : (
        <p className="viewer-no-preview">No preview for {photo.fileName} ({photo.contentType}).</p>
      )}
    </div>
  );
}
