/** Model-input tensors from 8-bit images. */
import type { TensorLayout } from '../../shared/model-manifest';
import type { RawImage } from './image';

/** How 8-bit samples become model input floats: value[c] = sample * scale[c] + offset[c], channels in `order`. */
export interface PixelEncoding {
  order: 'rgb' | 'bgr';
  scale: [number, number, number];
  offset: [number, number, number];
}

/** The encoding for a manifest's `(pixel - mean) / std` normalization. */
export function encodingOf(n: { channelOrder: 'RGB' | 'BGR'; mean: [number, number, number]; std: [number, number, number] }): PixelEncoding {
  return {
    order: n.channelOrder === 'RGB' ? 'rgb' : 'bgr',
    scale: [1 / n.std[0], 1 / n.std[1], 1 / n.std[2]],
    offset: [-n.mean[0] / n.std[0], -n.mean[1] / n.std[1], -n.mean[2] / n.std[2]],
  };
}

/** The dims of a batch of `count` square `size` images in `layout`. */
export function imageBatchDims(layout: TensorLayout, count: number, size: number): number[] {
  return layout === 'NHWC' ? [count, size, size, 3] : [count, 3, size, size];
}

/**
 * Writes the `size x size` window of `src` whose top-left is (originX, originY) as one image in
 * `layout` into `out` at `base`: NHWC interleaves the channels of each pixel (TF.js-born networks),
 * NCHW stores one plane per channel (PyTorch-born ones). Pixels outside `src` (letterbox padding,
 * tiles past the edge) get `pad`.
 */
export function writeImage(
  layout: TensorLayout,
  out: Float32Array,
  base: number,
  size: number,
  src: RawImage,
  originX: number,
  originY: number,
  encoding: PixelEncoding,
  pad = 0,
): void {
  const { data, width, height, channels } = src;
  const picks = channelPicks(channels, encoding.order);
  if (layout === 'NHWC' && originX >= 0 && originY >= 0 && originX + size <= width && originY + size <= height) {
    // Detection tiles, ~180 per 12 MP photo: one pass without bounds checks (~3x faster), same values.
    const [p0, p1, p2] = picks;
    const [s0, s1, s2] = encoding.scale;
    const [o0, o1, o2] = encoding.offset;
    let o = base;
    for (let y = 0; y < size; y++) {
      for (let x = 0, i = ((originY + y) * width + originX) * channels; x < size; x++, i += channels) {
        out[o++] = data[i + p0]! * s0 + o0;
        out[o++] = data[i + p1]! * s1 + o1;
        out[o++] = data[i + p2]! * s2 + o2;
      }
    }
    return;
  }
  const [pixelStride, channelStride] = layout === 'NHWC' ? [3, 1] : [1, size * size];
  for (let c = 0; c < 3; c++) {
    const pick = picks[c]!;
    const scale = encoding.scale[c]!;
    const offset = encoding.offset[c]!;
    const padded = pad * scale + offset;
    let o = base + c * channelStride;
    for (let y = 0; y < size; y++) {
      const sy = originY + y;
      for (let x = 0; x < size; x++, o += pixelStride) {
        const sx = originX + x;
        out[o] = sx < width && sy < height && sx >= 0 && sy >= 0 ? data[(sy * width + sx) * channels + pick]! * scale + offset : padded;
      }
    }
  }
}

/** Sample offsets to read for the model's first, second and third channel. */
export function channelPicks(channels: number, order: PixelEncoding['order']): [number, number, number] {
  if (channels < 3) return [0, 0, 0];
  return order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
}
