import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DerivativePaths } from '../domain/indexed-file';
import type { DecodedImage } from './decode';
import { differenceHash } from './dhash';
import { rederivable, writeFileAtomic } from '../fs/atomic-file';
import { timeStage, type StageTimes } from './stage-times';

/** Short side of the grid thumbnail; the long side is capped so panoramas stay small. */
const THUMB_SHORT_SIDE = 256;
const THUMB_LONG_SIDE_CAP = 768;

/** Facts about a content hash that must survive without decoding again (duplicates, renames). */
export interface ContentFacts {
  width: number;
  height: number;
  dhash: string;
}

interface StoredPaths extends DerivativePaths {
  /** Small JSON written last: its presence means both images are complete. */
  facts: string;
}

export function derivativePaths(derivativesDir: string, sha256: string): StoredPaths {
  const base = join(derivativesDir, sha256.slice(0, 2), sha256);
  return { thumb: `${base}.thumb.webp`, preview: `${base}.preview.jpg`, facts: `${base}.facts.json` };
}

/** The stored facts when this content was already rendered, else null. */
export async function readStoredDerivatives(derivativesDir: string, sha256: string): Promise<ContentFacts | null> {
  const paths = derivativePaths(derivativesDir, sha256);
  try {
    const facts = JSON.parse(await readFile(paths.facts, 'utf8')) as ContentFacts;
    await Promise.all([access(paths.thumb), access(paths.preview)]);
    return typeof facts.dhash === 'string' && facts.width > 0 && facts.height > 0 ? facts : null;
  } catch {
    return null;
  }
}

/**
 * The preview is a JPEG (libjpeg-turbo), the thumbnail a WebP. Measured on the real photos there
 * are (face-api's demo photos and tvcast-scenes, scaled by 0.77 so no JPEG block grid lines up),
 * against the lossless pixels: WebP quality 80 at effort 0 gives SSIM 0.9745, PSNR 38.4 dB at
 * 91 KB and 27 ms of CPU per megapixel; JPEG quality 75 gives SSIM 0.978, PSNR 38.2 dB at 107 KB
 * and 10 ms. The preview is the largest cost of indexing after the decode, so it takes JPEG: a
 * third of the CPU (~40 ms less per 12 MP photo) for files ~18% larger at the same quality (an
 * earlier comparison, JPEG quality 82 against WebP 80, set unequal qualities side by side). The
 * thumbnail is small to encode and read by the hundred in the grid, so it keeps WebP at effort 2.
 */
const previewJpegQuality = 75;
const thumbEffort = 2;

/**
 * Renders thumb, preview and dHash from the one decoded buffer and stores them by content hash.
 * The two images are written side by side (each waits on its own flush to disk), the facts last.
 */
export async function storeDerivatives(derivativesDir: string, sha256: string, image: DecodedImage, times: StageTimes): Promise<ContentFacts> {
  const paths = derivativePaths(derivativesDir, sha256);
  const raw = { raw: { width: image.width, height: image.height, channels: 3 as const } };
  const [thumbWidth, thumbHeight] = thumbnailSize(image.width, image.height);
  const [thumb, preview, dhash] = await Promise.all([
    timeStage(times, 'thumbnail WebP', () => sharp(image.pixels, raw).resize(thumbWidth, thumbHeight).webp({ quality: 75, effort: thumbEffort }).toBuffer()),
    timeStage(times, 'preview JPEG', () => sharp(image.pixels, raw).jpeg({ quality: previewJpegQuality }).toBuffer()),
    timeStage(times, 'dHash', () => differenceHash(image.pixels, image.width, image.height)),
  ]);
  const facts: ContentFacts = { width: image.fullWidth, height: image.fullHeight, dhash };
  await timeStage(times, 'derivative writes', async () => {
    await mkdir(join(derivativesDir, sha256.slice(0, 2)), { recursive: true });
    // Re-derivable from the original: no folder flush per file (AtomicWriteOptions.syncFolder).
    await Promise.all([writeFileAtomic(paths.thumb, thumb, rederivable), writeFileAtomic(paths.preview, preview, rederivable)]);
    await writeFileAtomic(paths.facts, JSON.stringify(facts), rederivable);
  });
  return facts;
}

export function thumbnailSize(width: number, height: number): [number, number] {
  const scale = Math.min(1, THUMB_SHORT_SIDE / Math.min(width, height), THUMB_LONG_SIDE_CAP / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}
