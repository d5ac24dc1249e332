/**
 * What the media routes (the web mode's /media and the desktop app's facet-media://) can serve
 * for a photo or face id: only files the catalog knows, never a path from the URL. Folder
 * originals and derivatives are files here; an S3 original is not kept on this machine, so it is
 * read from its bucket in byte ranges, as a player seeking in a video asks for them.
 */
import type { Readable } from 'node:stream';
import type { MediaKind } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { LibraryLayout } from '../catalog/layout';
import { derivativeLocation } from '../library/derivative-files';
import type { Library } from '../library/library';
import { fileBody, type ByteRange, type RangedBody } from '../server/byte-range';
import { contentTypeFor } from '../server/static-files';

/** A file on this machine, or (path null) bytes read through the engine: `size` of them. */
export type ResolvedMedia = { contentType: string; path: string } | { contentType: string; path: null; size: number };

export interface MediaAccess {
  resolve(kind: MediaKind, subjectId: number): ResolvedMedia | null;
  /** Bytes of media that resolved with path null; rejects for anything else. */
  read(kind: MediaKind, subjectId: number, range: ByteRange): Promise<Readable>;
}

export function createMediaAccess(catalog: Catalog, layout: LibraryLayout, library: Library): MediaAccess {
  const derivative = (relPath: string | null | undefined): ResolvedMedia | null => {
    const location = relPath ? derivativeLocation(layout.libraryDir, layout.derivativesDir, relPath) : null;
    return location ? { path: location, contentType: contentTypeFor(location) } : null;
  };
  const s3Original = (subjectId: number) => {
    const subject = catalog.photos.media(subjectId);
    return subject?.sourceKind === 's3' && subject.original !== null ? subject : null;
  };
  return {
    resolve(kind, subjectId) {
      if (kind === 'face') return derivative(catalog.faces.thumbPath(subjectId));
      const subject = catalog.photos.media(subjectId);
      if (subject === null) return null;
      if (kind !== 'original') return derivative(catalog.derivatives.get(subject.sha256, kind)?.path);
      if (subject.original === null) return null;
      if (subject.sourceKind === 's3') return { path: null, size: subject.sizeBytes, contentType: subject.contentType };
      return { path: subject.original, contentType: subject.contentType };
    },
    async read(kind, subjectId, range) {
      const subject = kind === 'original' ? s3Original(subjectId) : null;
      if (subject === null) throw new Error(`no S3 original for ${kind} ${subjectId}`);
      return library.readS3Range(subject.sourceId, subject.relPath, range, subject.etag);
    },
  };
}

/** The body of resolved media: its file, or ranges from `read`; null when the file is gone. */
export function mediaBody(media: ResolvedMedia, read: (range: ByteRange) => Promise<Readable>): Promise<RangedBody | null> {
  if (media.path !== null) return fileBody(media.path);
  return Promise.resolve({ size: media.size, open: read });
}
