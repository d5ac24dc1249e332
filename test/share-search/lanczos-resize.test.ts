/** The browser's resize against the desktop's (sharp): detection in the package must see the same pixels. */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharpResize } from '../../src/main/ml/detector';
import { readRawImage } from '../../src/main/ml/image';
import { lanczosResize } from '../../src/main/share/viewer-search/lanczos-resize';
import { lfw10 } from '../people-service/helpers';

const photo = path.join(lfw10, 'Tony_Blair', 'Tony_Blair_0001.jpg');
if (!existsSync(photo)) console.warn(`lanczos resize test SKIPPED: ${photo} is absent`);

describe.skipIf(!existsSync(photo))('lanczosResize', { tags: ['datasets'] }, () => {
  it.each([
    [192, 192, 2, 0.1],
    [100, 120, 2, 0.15],
    [18, 18, 6, 1],
  ])('matches sharp shrinking 250x250 to %ix%i (max %i levels, mean < %f)', async (width, height, maxDiff, meanDiff) => {
    const image = await readRawImage(photo);
    const [a, b] = await Promise.all([sharpResize(image, width, height), lanczosResize(image, width, height)]);
    expect([b.width, b.height, b.channels]).toEqual([a.width, a.height, a.channels]);
    let max = 0;
    let sum = 0;
    for (let i = 0; i < a.data.length; i++) {
      const d = Math.abs(a.data[i]! - b.data[i]!);
      max = Math.max(max, d);
      sum += d;
    }
    expect(max).toBeLessThanOrEqual(maxDiff);
    expect(sum / a.data.length).toBeLessThan(meanDiff);
  });
});
