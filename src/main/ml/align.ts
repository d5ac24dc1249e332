/**
 * Face alignment: a least-squares similarity transform (Umeyama, no reflection) of detected
 * landmarks onto the recognizer's template, then one resampling of the decoded photo.
 */
import type { Point, RawImage } from './image';
import { channelPicks } from './tensor';

/** dst = [a -b; b a] * src + [tx ty]. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Least-squares similarity mapping `src` onto `dst` (closed form of Umeyama's method in 2-D). */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  if (src.length !== dst.length || src.length < 2) throw new Error('similarity needs two or more point pairs');
  const n = src.length;
  const mean = (pts: readonly Point[]): Point => [pts.reduce((s, p) => s + p[0], 0) / n, pts.reduce((s, p) => s + p[1], 0) / n];
  const [sx, sy] = mean(src);
  const [dx, dy] = mean(dst);
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const x = src[i]![0] - sx;
    const y = src[i]![1] - sy;
    const u = dst[i]![0] - dx;
    const v = dst[i]![1] - dy;
    dot += x * u + y * v;
    cross += x * v - y * u;
    norm += x * x + y * y;
  }
  if (norm === 0) throw new Error('similarity source points coincide');
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: dx - (a * sx - b * sy), ty: dy - (b * sx + a * sy) };
}

export function applySimilarity(t: Similarity, [x, y]: Point): Point {
  return [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];
}

export function invertSimilarity({ a, b, tx, ty }: Similarity): Similarity {
  const d = a * a + b * b;
  const ia = a / d;
  const ib = -b / d;
  return { a: ia, b: ib, tx: -(ia * tx - ib * ty), ty: -(ib * tx + ia * ty) };
}

/** Most sub-samples per axis when shrinking (bounds the cost for very large faces). */
const MAX_SUPERSAMPLE = 6;

/**
 * Renders the `size x size` RGB crop that `toCrop` maps the photo onto. Continuous coordinates put
 * pixel centres at i + 0.5. Shrinking averages n x n bilinear samples per pixel (a box filter), so
 * large faces do not alias; outside the photo is black.
 */
export function warpSimilarity(image: RawImage, toCrop: Similarity, size: number): Uint8Array {
  const { data, width, height, channels } = image;
  const [cr, cg, cb] = channelPicks(channels, 'rgb');
  const inv = invertSimilarity(toCrop);
  const n = Math.min(MAX_SUPERSAMPLE, Math.max(1, Math.ceil(Math.hypot(inv.a, inv.b) - 1e-6)));
  const norm = 1 / (n * n);
  const out = new Uint8Array(size * size * 3);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < n; sy++) {
        const cy = oy + (sy + 0.5) / n;
        for (let sx = 0; sx < n; sx++) {
          const cx = ox + (sx + 0.5) / n;
          // Source position on the integer grid of pixel centres.
          const u = inv.a * cx - inv.b * cy + inv.tx - 0.5;
          const v = inv.b * cx + inv.a * cy + inv.ty - 0.5;
          const x0 = Math.floor(u);
          const y0 = Math.floor(v);
          const fx = u - x0;
          const fy = v - y0;
          const w00 = (1 - fx) * (1 - fy);
          const w10 = fx * (1 - fy);
          const w01 = (1 - fx) * fy;
          const w11 = fx * fy;
          if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
            const i00 = (y0 * width + x0) * channels;
            const i10 = i00 + channels;
            const i01 = i00 + width * channels;
            const i11 = i01 + channels;
            r += data[i00 + cr]! * w00 + data[i10 + cr]! * w10 + data[i01 + cr]! * w01 + data[i11 + cr]! * w11;
            g += data[i00 + cg]! * w00 + data[i10 + cg]! * w10 + data[i01 + cg]! * w01 + data[i11 + cg]! * w11;
            b += data[i00 + cb]! * w00 + data[i10 + cb]! * w10 + data[i01 + cb]! * w01 + data[i11 + cb]! * w11;
          } else {
            // At the photo's border: corners outside count as black.
            const corners = [
              [x0, y0, w00],
              [x0 + 1, y0, w10],
              [x0, y0 + 1, w01],
              [x0 + 1, y0 + 1, w11],
            ] as const;
            for (const [px, py, w] of corners) {
              if (px < 0 || py < 0 || px >= width || py >= height) continue;
              const i = (py * width + px) * channels;
              r += data[i + cr]! * w;
              g += data[i + cg]! * w;
              b += data[i + cb]! * w;
            }
          }
        }
      }
      const o = (oy * size + ox) * 3;
      out[o] = Math.round(r * norm);
      out[o + 1] = Math.round(g * norm);
      out[o + 2] = Math.round(b * norm);
    }
  }
  return out;
}
