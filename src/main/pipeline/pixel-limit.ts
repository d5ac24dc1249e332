/** Decompression-bomb guard: checked from the header, before any pixel is allocated. */
export class OverPixelLimit extends Error {
  constructor(width: number, height: number, maxPixels: number) {
    super(`image is ${width}x${height} = ${megapixels(width * height)} MP, over the ${megapixels(maxPixels)} MP limit`);
  }
}

function megapixels(pixels: number): string {
  const mp = pixels / 1_000_000;
  return mp >= 10 ? String(Math.round(mp)) : mp.toFixed(1);
}

export function assertWithinPixelLimit(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) throw new OverPixelLimit(width, height, maxPixels);
}
