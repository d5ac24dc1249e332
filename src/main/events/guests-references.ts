/**
 * A guest's selfies become reference faces: the largest face of each, embedded like the library's
 * faces, kept as its embedding and a small crop. The selfie itself is not kept: after a face model
 * upgrade the references are embedded again from their crops.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { LibraryLayout } from '../catalog/layout';
import type { GuestsRepository, NewGuestReference } from '../catalog/guests-repo';
import { derivativeLocation } from '../library/derivative-files';
import { detectAndEmbed, type FaceModels, type FaceResult } from '../ml/faces';
import { readRawImage, type RawImage } from '../ml/image';
import { writeFileAtomic } from '../fs/atomic-file';
import { storeFaceThumb } from '../pipeline/face-thumbnails';
import { decodeSelfie, largestFirst, type SelfieImage, type SelfieSearch } from '../search/selfie-search';
import { errorMessage } from '../../shared/error-message';
import { log } from '../log';

/** Crops live apart from the library's content-addressed face crops, so neither can replace the other. */
export function guestCropsDir(layout: LibraryLayout): string {
  return path.join(layout.derivativesDir, 'guests');
}

/**
 * Detects and embeds every selfie before any crop is written: one without a face fails the whole
 * call with its file name, so a guest never ends up with half of what was dropped in.
 */
export async function referencesFromSelfies(selfies: readonly SelfieImage[], search: SelfieSearch, layout: LibraryLayout): Promise<NewGuestReference[]> {
  const { models, modelId } = await search.queryModels();
  const found = [];
  for (const selfie of selfies) {
    const image = await decodeSelfie(selfie);
    const face = await largestFace(image, models);
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

/**
 * References embedded by another model than `modelId` (the library's faces moved to a new face
 * model) are embedded again, since vectors of two models cannot be compared. The selfie is gone,
 * its crop is what is left: the square around the face with a margin (thumbnailFor), in which the
 * face is found again and embedded by the current models. Measured with the v2 recognizer on 17
 * real photos (face-api samples, lfw10, tvcast): similarity 0.71-0.96 to the embedding of the
 * whole photo, well above the match threshold (0.37). A crop that is gone or whose face is not
 * found again keeps its old vector, which no match uses (the guest's referenceCount leaves it out).
 * Returns how many references were re-embedded.
 */
export async function reembedReferences(guests: GuestsRepository, search: SelfieSearch, layout: LibraryLayout, modelId: number): Promise<number> {
  const references = guests.referencesOfOtherModels(modelId);
  if (references.length === 0) return 0;
  const { models, modelId: current } = await search.queryModels();
  let reembedded = 0;
  for (const reference of references) {
    try {
      const crop = derivativeLocation(layout.libraryDir, layout.derivativesDir, reference.cropPath);
      if (crop === null) throw new Error('the crop lies outside the derivatives folder');
      const face = await largestFace(await readRawImage(crop), models);
      if (face === undefined) throw new Error('no face found in the crop');
      if (guests.reembedReference(reference.id, reference.modelId, current, face.embedding)) reembedded++;
    } catch (error) {
      const reason = errorMessage(error);
      log.warn(`guest reference ${reference.id} (${reference.fileName}) keeps its old model's vector: ${reason}`);
    }
  }
  return reembedded;
}

async function largestFace(image: RawImage, models: FaceModels): Promise<FaceResult | undefined> {
  return largestFirst(await detectAndEmbed(image, { models }))[0];
}

/** Deletes crop files no reference uses any more (paths relative to the library folder). */
/** The bytes of the crops that exist, by their catalog path (those about to be deleted, for undo). */
export async function readCrops(layout: LibraryLayout, cropPaths: readonly string[]): Promise<Map<string, Buffer>> {
  const crops = new Map<string, Buffer>();
  for (const rel of cropPaths) {
    const location = derivativeLocation(layout.libraryDir, layout.derivativesDir, rel);
    const bytes = location && (await fs.readFile(location).catch(() => null));
    if (bytes) crops.set(rel, bytes);
  }
  return crops;
}

/** Writes back the crops a removed guest's references had (a crop written again meanwhile is kept). */
export async function restoreCrops(layout: LibraryLayout, references: readonly { row: { cropPath: string }; crop: Buffer | null }[]): Promise<void> {
  for (const { row, crop } of references) {
    const location = crop && derivativeLocation(layout.libraryDir, layout.derivativesDir, row.cropPath);
    if (!location || existsSync(location)) continue;
    await fs.mkdir(path.dirname(location), { recursive: true });
    await writeFileAtomic(location, crop);
  }
}

export async function deleteCrops(layout: LibraryLayout, cropPaths: readonly string[]): Promise<void> {
  await Promise.all(
    cropPaths.map((rel) => {
      const location = derivativeLocation(layout.libraryDir, layout.derivativesDir, rel);
      return location ? fs.rm(location, { force: true }) : undefined;
    }),
  );
}
