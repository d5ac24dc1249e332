/**
 * The preview cache: the 2048 px previews are the library's largest derived files (~280 KB a
 * photo). With a limit set, those beyond it are deleted, least recently viewed first, and made
 * again from the original when the photo is viewed once more. Only previews an original in a
 * folder source can render again are evicted (S3 originals are not kept on this machine).
 *
 * "Viewed" is the preview file's modification time: written at indexing, touched each time the
 * viewer opens the photo. It survives restarts and costs no catalog write per view. A derivatives
 * row exists only while its file does, so the catalog's sums are the cache's size.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Catalog } from '../catalog/catalog';
import type { LibraryLayout } from '../catalog/layout';
import { originalLocation } from '../catalog/photo-queries';
import { derivativeLocation } from '../library/derivative-files';
import { derivativePaths } from '../pipeline/derivatives';
import type { Pipeline } from '../pipeline/types';
import { log } from '../log';

export interface PreviewCache {
  /** The photo is being viewed: its preview exists afterwards (made again if evicted), and counts as just viewed. */
  ensure(photoId: number): Promise<void>;
  /** Deletes previews beyond the limit, least recently viewed first; returns how many. */
  enforce(): Promise<number>;
}

export function createPreviewCache(catalog: Catalog, layout: LibraryLayout, pipeline: () => Promise<Pipeline>): PreviewCache {
  const location = (relPath: string) => derivativeLocation(layout.libraryDir, layout.derivativesDir, relPath);
  // One enforcement at a time: two would count the same bytes twice.
  let enforcing: Promise<number> | null = null;

  /** Renders the content's derivatives again from an original in a folder source and records the preview. */
  async function rederive(sha256: string): Promise<void> {
    const file = catalog.faceStates.liveFileWithContent(sha256);
    const source = file && catalog.sources.get(file.sourceId);
    if (!file || source?.kind !== 'folder') return;
    const original = { path: originalLocation(source.kind, source.root, file.relPath), sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs };
    await (await pipeline()).renderDerivatives(original, sha256);
    const preview = derivativePaths(layout.derivativesDir, sha256).preview;
    const [stats, meta] = await Promise.all([fs.stat(preview), sharp(preview).metadata()]);
    catalog.derivatives.record({
      sha256,
      kind: 'preview',
      variant: '',
      path: path.relative(layout.libraryDir, preview).split(path.sep).join('/'),
      width: meta.width ?? null,
      height: meta.height ?? null,
      bytes: stats.size,
    });
  }

  /** `keep`: the content just viewed, whose preview stays even when it alone is over the limit. */
  async function evict(keep: string | null): Promise<number> {
    const maxBytes = catalog.settings.get('previewCacheMaxBytes');
    if (maxBytes === null) return 0;
    let bytes = catalog.derivatives.totals().preview.bytes;
    if (bytes <= maxBytes) return 0;
    const candidates = await Promise.all(
      catalog.derivatives.rederivablePreviews().map(async (row) => {
        const file = location(row.path);
        const viewedAt = file ? ((await fs.stat(file).catch(() => null))?.mtimeMs ?? 0) : 0;
        return { row, file, viewedAt };
      }),
    );
    candidates.sort((a, b) => a.viewedAt - b.viewedAt);
    let evicted = 0;
    for (const { row, file } of candidates) {
      if (bytes <= maxBytes) break;
      if (row.sha256 === keep) continue;
      if (file) await fs.rm(file, { force: true });
      catalog.derivatives.delete(row.id);
      bytes -= row.bytes;
      evicted++;
    }
    return evicted;
  }

  function enforce(keep: string | null = null): Promise<number> {
    enforcing ??= evict(keep).finally(() => (enforcing = null));
    return enforcing;
  }

  return {
    async ensure(photoId) {
      const subject = catalog.photos.media(photoId);
      if (subject === null) return;
      const existing = catalog.derivatives.get(subject.sha256, 'preview');
      const file = existing && location(existing.path);
      const now = new Date();
      // A file deleted behind the catalog's back is made again like an evicted one.
      if (
        file &&
        (await fs.utimes(file, now, now).then(
          () => true,
          () => false,
        ))
      )
        return;
      try {
        await rederive(subject.sha256);
      } catch (error) {
        // The viewer falls back to the thumbnail.
        log.warn(`cannot make the preview of photo ${photoId} again`, error);
        return;
      }
      await enforce(subject.sha256);
    },
    enforce: () => enforce(),
  };
}
