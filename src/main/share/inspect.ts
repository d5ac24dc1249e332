/**
 * What a share package holds, read before importing it: the same opening, listing and manifest
 * checks as the import (so a malicious package is refused here, with the same reason), and
 * nothing written. Photo bytes are not read; their checksums and content are checked by the import.
 */
import type { SharePackagePreview } from '../../shared/share-import-api';
import { packageVideoPattern } from './manifest';
import { openPackage, readListing } from './import';
import { defaultImportLimits, type ImportLimits } from './refusal';

export async function inspectSharePackage(source: string, limits: ImportLimits = defaultImportLimits): Promise<SharePackagePreview> {
  const { reader, format } = await openPackage(source, limits);
  try {
    const { manifest, files } = await readListing(reader, source, limits);
    const members = [...manifest.people, ...manifest.guests].map((member) => member.name);
    return {
      source,
      format,
      eventName: manifest.event.name,
      startsAt: manifest.event.startsAt,
      endsAt: manifest.event.endsAt,
      photos: manifest.photos.length,
      videos: manifest.photos.filter((photo) => photo.original !== undefined && packageVideoPattern.test(photo.original.path)).length,
      people: [...new Set(members)],
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      hasOriginals: manifest.photos.some((photo) => photo.original !== undefined),
      hasBiometrics: manifest.biometrics !== undefined,
      generator: manifest.generator,
    };
  } finally {
    await reader.close();
  }
}
