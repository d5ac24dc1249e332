import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyExifOrientation } from '../../src/main/pipeline/orientation';
import { seededRandom } from '../fixtures';

/** A lossless, asymmetric picture: any wrong flip or rotation changes its pixels. */
const width = 24;
const height = 16;
const random = seededRandom(3);
const pixels = Buffer.from(Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)));

describe('EXIF orientation applied by hand (for RAW previews that do not carry it)', () => {
  for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`matches libvips auto-orientation for orientation ${orientation}`, async () => {
      const tagged = await sharp(pixels, { raw: { width, height, channels: 3 } })
        .withMetadata({ orientation })
        .tiff()
        .toBuffer();
      const untagged = await sharp(pixels, { raw: { width, height, channels: 3 } })
        .tiff()
        .toBuffer();
      const expected = await sharp(tagged).autoOrient().raw().toBuffer({ resolveWithObject: true });
      const actual = await applyExifOrientation(sharp(untagged), orientation).raw().toBuffer({ resolveWithObject: true });
      expect([actual.info.width, actual.info.height]).toEqual([expected.info.width, expected.info.height]);
      expect(actual.data.equals(expected.data)).toBe(true);
    });
  }
});
