/**
 * A guest's selfies become reference faces: the largest face of each, embedded like the library's
 * faces, kept as its embedding and a small crop. The selfie itself is not kept.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { LibraryLayout } from '../catalog/layout';
import type { NewGuestReference } from '../catalog/guests-repo';
import { derivativeLocation } from '../library/derivative-files';
import { detectAndEmbed } from '../ml/faces';
import { storeFaceThumb } from '../pipeline/face-thumbnails';
import { decodeSelfie, largestFirst, type SelfieImage, type SelfieSearch } from '../search/selfie-search';

/** Crops live apart from the library's content-addressed face crops, so neither can replace the other. */
export function guestCropsDir(layout: LibraryLayout): string {
  return path.join(layout.derivativesDir, 'guests');
}

/**
 * Detects and embeds every selfie before any crop is written: one without a face fails the whole
 * call with its file name, so a guest never ends up with half of what was dropped in.
 */
export async function referencesFromSelfies(
  selfies: readonly SelfieImage[],
  search: SelfieSearch,
  layout: LibraryLayout,
): Promise<NewGuestReference[]> {
  const { models, modelId } = await search.queryModels();
  const found = [];
  for (const selfie of selfies) {
    const image = await decodeSelfie(selfie);
    const face = largestFirst(await detectAndEmbed(image, { models }))[0];
    if (face === undefined) throw new ApiError('invalid_input', `${selfie.fileName}: no face found in the image`);
    found.push({ selfie, image, face });
  }
  const references: NewGuestReference[] = [];
  for (const { selfie, image, face } of found) {
    // Named by the selfie's content: the same selfie dropped in twice shares one crop.
    const sha256 = createHash('sha256').update(Buffer.from(selfie.base64, 'base64')).digest('hex');
    const crop = await storeFaceThumb(guestCropsDir(layout), sha256, 0, image, face.thumbnail);
    references.push({
      fileName: selfie.fileName,
      modelId,
      embedding: face.embedding,
      cropPath: path.relative(layout.libraryDir, crop.path).split(path.sep).join('/'),
    });
  }
  return references;
}

/** Deletes crop files no reference uses any more (paths relative to the library folder). */
export async function deleteCrops(layout: LibraryLayout, cropPaths: readonly string[]): Promise<void> {
  await Promise.all(
    cropPaths.map((rel) => {
      const location = derivativeLocation(layout.libraryDir, layout.derivativesDir, rel);
      return location ? fs.rm(location, { force: true }) : undefined;
    }),
  );
}
