import { useEffect, useState } from 'react';
import type { Size } from '../screens/viewer/faceGeometry';

/** Natural (orientation-applied) size of the image at `url`; null until it has loaded. */
export function useImageSize(url: string): Size | null {
  const [size, setSize] = useState<{ url: string; size: Size } | null>(null);
  useEffect(() => {
    const image = new Image();
    image.onload = () => setSize({ url, size: { width: image.naturalWidth, height: image.naturalHeight } });
    image.src = url;
    return () => {
      image.onload = null;
    };
  }, [url]);
  return size?.url === url ? size.size : null;
}
