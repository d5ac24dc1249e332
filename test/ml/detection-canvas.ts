/**
 * A 12 MP test photo with faces of every size the detection strategies treat differently: face-api's
 * demo group photos pasted at several widths onto a flat background (deterministic: no noise), so
 * their faces are about 24 to 150 px wide.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { RawImage } from '../../src/main/ml/image';
import { faceApiSamples } from './fixtures';

const PASTES = [
  { sample: 'sample5.jpg', width: 300, left: 150, top: 200 },
  { sample: 'sample5.jpg', width: 520, left: 2900, top: 2300 },
  { sample: 'sample5.jpg', width: 900, left: 1500, top: 400 },
  { sample: 'sample2.jpg', width: 400, left: 3300, top: 150 },
  { sample: 'sample2.jpg', width: 1400, left: 200, top: 1450 },
  { sample: 'sample4.jpg', width: 700, left: 2000, top: 1700 },
];

export async function detectionCanvas(): Promise<RawImage> {
  const layers = await Promise.all(
    PASTES.map(async ({ sample, width, left, top }) => ({ input: await sharp(path.join(faceApiSamples, sample)).resize({ width }).toBuffer(), left, top })),
  );
  const { data, info } = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 96, g: 110, b: 128 } } })
    .composite(layers)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}
