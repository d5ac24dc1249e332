/** Decoded images and face geometry: plain data, shared by the desktop pipeline and the share viewer's search. */
/** A decoded, already EXIF-oriented photo as interleaved 8-bit samples (1 = grey, 3 = RGB, 4 = RGBA). */
export interface RawImage {
  data: Buffer | Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Point = [number, number];

export function assertRawImage(image: RawImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`image has invalid size ${width}x${height}`);
  }
  if (![1, 3, 4].includes(channels)) throw new Error(`image has ${channels} channels; expected 1, 3 or 4`);
  if (data.length < width * height * channels) {
    throw new Error(`image buffer holds ${data.length} bytes; ${width}x${height}x${channels} needs ${width * height * channels}`);
  }
}
