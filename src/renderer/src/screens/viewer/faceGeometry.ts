import type { CSSProperties } from 'react';
import type { FaceBox } from '../../../../shared/people-api';

export interface Size {
  width: number;
  height: number;
}

/** A face box as percentages of its image, for an overlay that scales with the image. */
export function boxPercentStyle(box: FaceBox, image: Size): CSSProperties {
  return {
    left: `${(box.x / image.width) * 100}%`,
    top: `${(box.y / image.height) * 100}%`,
    width: `${(box.width / image.width) * 100}%`,
    height: `${(box.height / image.height) * 100}%`,
  };
}

/** The largest size with the image's aspect ratio that fits in `frame` (object-fit: contain). */
export function fitSize(image: Size, frame: Size): Size {
  if (image.width <= 0 || image.height <= 0 || frame.width <= 0 || frame.height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(frame.width / image.width, frame.height / image.height);
  return { width: image.width * scale, height: image.height * scale };
}

/** Margin around a face in a crop, as a fraction of the face's longer side. */
const cropMargin = 0.25;

/**
 * Style for an <img> of the whole image inside a `side` px square (overflow hidden) so that the
 * square shows the face with a margin.
 */
export function squareCropStyle(box: FaceBox, image: Size, side: number): CSSProperties {
  const cropSide = Math.max(box.width, box.height) * (1 + 2 * cropMargin);
  const scale = side / cropSide;
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  return {
    position: 'absolute',
    maxWidth: 'none',
    width: image.width * scale,
    height: image.height * scale,
    left: (cropSide / 2 - centreX) * scale,
    top: (cropSide / 2 - centreY) * scale,
  };
}
