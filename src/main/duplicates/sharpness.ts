import sharp from 'sharp';

/** Side the image is brought to before measuring, so photos of different sizes compare fairly. */
const measureSide = 256;

/**
 * Sharpness as the variance of the Laplacian (Pech-Pacheco et al.): blur and heavy compression
 * flatten edges, so the second derivative varies less. Measured on the grid thumbnail, which every
 * indexed photo and video has, brought to one size; computed here rather than with sharp's
 * convolve, which clamps the Laplacian's negative half to 0.
 */
export async function laplacianVariance(imageFile: string): Promise<number> {
  const { data, info } = await sharp(imageFile).greyscale().resize(measureSide, measureSide, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const at = (dx: number, dy: number) => data[((y + dy) * width + x + dx) * channels]!;
      const laplacian = at(-1, 0) + at(1, 0) + at(0, -1) + at(0, 1) - 4 * at(0, 0);
      sum += laplacian;
      sumSquares += laplacian * laplacian;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSquares / n - mean * mean;
}
