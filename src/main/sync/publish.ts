/** Turns this library's photos into add entries, writing their bytes to objects/ first. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { LibraryLayout } from '../catalog/layout';
import { originalLocation } from '../catalog/photo-queries';
import type { Catalog } from '../catalog/catalog';
import type { LocalEventPhoto, ShareableFaceRow } from '../catalog/sync-repo';
import { derivativeLocation } from '../library/derivative-files';
import { renderWebp, webRendering } from '../share/render';
import type { SharedLocation } from './location';
import { logEntrySchema, objectKey, type AddEntry, type SharedFaces, type SyncLimits } from './log-format';
import { errorMessage } from '../../shared/error-message';

export interface PublishOptions {
  shareOriginals: boolean;
  faces: ((sha256: string) => ShareableFaceRow[]) | null;
}

/** A photo that cannot be shared, with the reason the user reads. */
export class NotShareableError extends Error {}

export class Publisher {
  objectsWritten = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly layout: LibraryLayout,
    private readonly location: SharedLocation,
    private readonly limits: SyncLimits,
    private readonly options: PublishOptions,
  ) {}

  /**
   * Writes the photo's object (unless someone already did: objects are named by content) and
   * returns its add entry. The entry is only worth anything once a segment naming it is written.
   */
  async publish(photo: LocalEventPhoto): Promise<AddEntry> {
    if (photo.missing) throw new NotShareableError('the file is missing');
    const { bytes, kind } = await this.objectBytes(photo);
    const objectSha = sha256Of(bytes);
    const key = objectKey(objectSha);
    if (!(await this.location.exists(key)) && (await this.location.writeNew(key, bytes)) === 'written') this.objectsWritten += 1;
    // A video's faces each belong to a frame the log cannot name: the others find them in their copy.
    const faces = this.options.faces && photo.mediaType === 'image' ? sharedFaces(this.options.faces(photo.sha256)) : undefined;
    const parsed = logEntrySchema.safeParse({
      op: 'add',
      sha256: photo.sha256,
      bytes: photo.sizeBytes,
      fileName: photo.relPath.slice(photo.relPath.lastIndexOf('/') + 1),
      mediaType: photo.mediaType,
      takenAt: photo.takenAt,
      dhash: photo.dhash,
      object: { sha256: objectSha, bytes: bytes.length, kind },
      ...(faces ? { faces } : {}),
    });
    if (!parsed.success || parsed.data.op !== 'add') {
      throw new NotShareableError(`cannot be described for others: ${parsed.error?.issues[0]?.message ?? 'not an add entry'}`);
    }
    return parsed.data;
  }

  private async objectBytes(photo: LocalEventPhoto): Promise<{ bytes: Buffer; kind: 'original' | 'web' }> {
    const local = photo.sourceKind === 'folder' ? originalLocation(photo.sourceKind, photo.root, photo.relPath) : null;
    if (this.options.shareOriginals && local !== null && photo.sizeBytes <= this.limits.maxObjectBytes) {
      const bytes = await fs.readFile(local).catch((error: unknown) => {
        throw new NotShareableError(`cannot read ${local}: ${errorMessage(error)}`);
      });
      // The log promises these bytes are the photo the catalog knows.
      if (sha256Of(bytes) !== photo.sha256) throw new NotShareableError(`${local} changed since it was indexed; rescan its source`);
      return { bytes, kind: 'original' };
    }
    if (photo.mediaType !== 'image') {
      throw new NotShareableError(local === null ? 'the video is not on this machine' : 'videos are shared as originals only');
    }
    const preview = this.catalog.derivatives.get(photo.sha256, 'preview');
    const source = (preview && derivativeLocation(this.layout.libraryDir, this.layout.derivativesDir, preview.path)) ?? local;
    if (source === null) throw new NotShareableError('no preview and the original is not on this machine');
    const rendered = await renderWebp(source, webRendering(null)).catch((error: unknown) => {
      throw new NotShareableError(`cannot render: ${errorMessage(error)}`);
    });
    return { bytes: rendered.data, kind: 'web' };
  }
}

function sharedFaces(rows: readonly ShareableFaceRow[]): SharedFaces | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  const same = rows.filter((row) => row.modelName === first.modelName && row.modelVersion === first.modelVersion);
  return {
    model: { name: first.modelName, version: first.modelVersion, dim: first.dim },
    faces: same.map((row) => ({
      box: [row.boxX, row.boxY, row.boxW, row.boxH],
      score: Math.min(1, Math.max(0, row.score)),
      ...(row.landmarks !== null ? { keypoints: JSON.parse(row.landmarks) as [number, number][] } : {}),
      ...(row.quality !== null ? { quality: Math.min(1, Math.max(0, row.quality)) } : {}),
      embedding: row.embedding.toString('base64'),
    })),
  };
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
