import type { Sharp } from 'sharp';

/**
 * Applies an EXIF orientation (1-8) that is not stored in the image being decoded, as with the
 * JPEG preview inside a camera RAW. sharp mirrors before it rotates, hence flop-then-rotate.
 */
export function applyExifOrientation(image: Sharp, orientation: number | null): Sharp {
  switch (orientation) {
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    case 5:
      return image.flop().rotate(270);
    case 6:
      return image.rotate(90);
    case 7:
      return image.flop().rotate(90);
    case 8:
      return image.rotate(270);
    default:
      return image;
  }
}
