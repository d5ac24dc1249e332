import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { PackageRefusedError } from './refusal';
import { errorMessage } from '../../shared/error-message';

/** Extensions of the formats this build of sharp decodes, as sharp itself lists them. */
const sharpReads = new Set(Object.values(sharp.format).flatMap((format) => (format.input.file ? (format.input.fileSuffix ?? []) : [])));

/**
 * Refuses an extracted package file whose content is not what its place in the package says:
 * images/ and thumbs/ hold WebP, originals/ a photo or a video, and a format sharp reads must
 * have a header it decodes. A matching sha256 proves nothing here: whoever wrote the package
 * wrote its manifest too.
 */
export async function assertPackageMedia(packagePath: string, rel: string, file: string): Promise<void> {
  const refuse = (detail: string) => new PackageRefusedError(packagePath, 'not-an-image', `${rel} ${detail}`);
  const detected = await fileTypeFromFile(file);
  if (detected === undefined) throw refuse('is not a photo or video: its content matches no known format');
  const wanted = rel.startsWith('originals/') ? 'a photo or video' : 'a WebP image';
  const fits = rel.startsWith('originals/') ? /^(image|video)\//.test(detected.mime) : detected.mime === 'image/webp';
  if (!fits) throw refuse(`should be ${wanted} but its content is ${detected.mime}`);
  if (!sharpReads.has(`.${detected.ext}`)) return;
  const header = await sharp(file)
    .metadata()
    .catch((error: unknown) => {
      throw refuse(`is not a decodable ${detected.ext}: ${errorMessage(error)}`);
    });
  if (!header.width || !header.height) throw refuse(`is not a decodable ${detected.ext}: no image size in its header`);
}
