/** BlazeFace detection on the desktop: the pure pipeline of face-detection.ts run by onnxruntime-node and sharp. */
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { DetectorSpec } from '../../shared/model-manifest';
import type { Detection } from './blazeface';
import type { DetectOptions, DetectorModel } from './face-detection';
import { detectFacesWith, detectorModel } from './face-detection';
import type { RawImage } from './image';

export type { DetectOptions, DetectorModel } from './face-detection';
export { levelScales, tileOrigins } from './detection-tiles';

/**
 * Tiles per inference call. On one CPU thread batches beyond a few only add cache misses (measured
 * 4.9 ms per tile at 4, 5.3 at 16); accelerators want more, within memory (16 tiles = 7 MB).
 */
const CPU_BATCH = 4;
const ACCELERATOR_BATCH = 16;

export function onnxDetector(spec: DetectorSpec, session: ort.InferenceSession, provider: string): DetectorModel {
  const size = spec.preprocessing.size;
  const output = spec.decoding.output.name;
  return detectorModel(spec, provider === 'cpu' ? CPU_BATCH : ACCELERATOR_BATCH, async (input, count) => {
    const feeds = { [spec.input.name]: new ort.Tensor('float32', input, [count, size, size, 3]) };
    return (await session.run(feeds, [output]))[output]!.data as Float32Array;
  });
}

/** Faces in original pixel coordinates, best score first. */
export function detectFaces(image: RawImage, detectors: readonly DetectorModel[], options: DetectOptions = {}): Promise<Detection[]> {
  return detectFacesWith(sharpResize, image, detectors, options);
}

export async function sharpResize(image: RawImage, width: number, height: number): Promise<RawImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 3 | 4 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
