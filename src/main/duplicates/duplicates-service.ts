/**
 * Duplicates you can act on: the groups (exact copies by content hash, similar photos by dHash),
 * each with the photo Facet suggests keeping and why, and the two things to do with the rest:
 * hide them from the library (undone by showing them again), or move their files to the system
 * trash (folder sources only: Facet never deletes from a bucket), after which they leave the
 * catalog. Originals are never unlinked.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type DuplicateGroup, type FacetApi, type FacetEvent, type PhotoSummary } from '../../shared/api';
import type { DuplicateMember, DuplicateResolution, TrashRestoreResult } from '../../shared/library-care-api';
import type { Catalog } from '../catalog/catalog';
import type { DuplicateMemberRow } from '../catalog/duplicates-repo';
import type { LibraryLayout } from '../catalog/layout';
import { derivativeLocation } from '../library/derivative-files';
import type { Library } from '../library/library';
import { findNearGroups } from '../library/near-duplicates';
import { errorMessage } from '../../shared/error-message';
import { chooseKeeper } from './keeper';
import { laplacianVariance } from './sharpness';
import { canRestoreFromTrash, moveToTrash, restoreFromTrash as putBack } from './system-trash';
import { log } from '../log';

export type DuplicatesMethod = 'listDuplicates' | 'resolveDuplicates' | 'restoreFromTrash';

export interface DuplicatesOptions {
  catalog: Catalog;
  layout: LibraryLayout;
  library: Library;
  emit: (event: FacetEvent) => void;
}

const s3Refusal = 'in an S3 bucket: Facet only reads buckets, it never deletes from them';

export function createDuplicatesApi({ catalog, layout, library, emit }: DuplicatesOptions): Pick<FacetApi, DuplicatesMethod> {
  // Content never changes under its hash: measured once per content while the library is open.
  const sharpnessByContent = new Map<string, Promise<number | null>>();
  const sharpness = (sha256: string): Promise<number | null> => {
    let measured = sharpnessByContent.get(sha256);
    if (measured === undefined) {
      const thumb = catalog.derivatives.get(sha256, 'thumb');
      const file = thumb && derivativeLocation(layout.libraryDir, layout.derivativesDir, thumb.path);
      measured = file ? laplacianVariance(file).catch(() => null) : Promise.resolve(null);
      sharpnessByContent.set(sha256, measured);
    }
    return measured;
  };

  /** A group as the screen shows it: hidden photos left out, with its keeper and where each file is. */
  async function describe(kind: DuplicateGroup['kind'], maxDistance: number, photos: readonly PhotoSummary[]): Promise<DuplicateGroup | null> {
    const rows = new Map(catalog.duplicates.members(photos.map((p) => p.id)).map((row) => [row.id, row]));
    const shown = photos.filter((p) => rows.has(p.id) && !rows.get(p.id)!.hidden);
    if (shown.length < 2) return null;
    const candidates = await Promise.all(
      shown.map(async (photo) => {
        const row = rows.get(photo.id)!;
        return { photoId: photo.id, width: row.width, height: row.height, takenAt: row.takenAt, mtimeMs: row.mtimeMs, sharpness: await sharpness(row.sha256) };
      }),
    );
    const members = shown.map((photo): DuplicateMember => {
      const row = rows.get(photo.id)!;
      return { photoId: photo.id, path: row.path, trashRefusal: row.sourceKind === 's3' ? s3Refusal : null };
    });
    return { kind, maxDistance, photos: shown, keeper: chooseKeeper(candidates), members };
  }

  /** The groups as found, every listed photo in them (hidden ones too). */
  function findGroups(kind: DuplicateGroup['kind']): { maxDistance: number; photos: PhotoSummary[] }[] {
    if (kind === 'exact') return catalog.photos.exactDuplicateGroups().map((photos) => ({ maxDistance: 0, photos }));
    return findNearGroups(catalog.photos.dhashes().map((entry) => ({ key: entry.sha256, hash: entry.dhash }))).map((group) => ({
      maxDistance: group.maxDistance,
      photos: group.keys.flatMap((sha256) => catalog.photos.photosWithContent(sha256)).sort((a, b) => a.id - b.id),
    }));
  }

  async function listDuplicates({ kind }: { kind: DuplicateGroup['kind'] }): Promise<DuplicateGroup[]> {
    const groups = await Promise.all(findGroups(kind).map((group) => describe(kind, group.maxDistance, group.photos)));
    return groups.filter((group): group is DuplicateGroup => group !== null).sort((a, b) => a.photos[0]!.id - b.photos[0]!.id);
  }

  /** Only the rest of a duplicate group can go: a client's mistake must not hide or trash any other photo. */
  function requireOneGroup(keepPhotoId: number, photoIds: readonly number[]): void {
    const groups = [...findGroups('exact'), ...findGroups('near')].map((group) => new Set(group.photos.map((p) => p.id)));
    const group = groups.find((ids) => ids.has(keepPhotoId) && photoIds.every((id) => ids.has(id)));
    if (group !== undefined) return;
    const outside = photoIds.filter((id) => !groups.some((ids) => ids.has(keepPhotoId) && ids.has(id)));
    throw new ApiError(
      'invalid_input',
      `photo ${outside.join(', ')} is not a duplicate of photo ${keepPhotoId}: only the rest of one duplicate group can be hidden or moved to the trash`,
    );
  }

  /** The rows of the photos to act on, refusing unknown ids and, for the trash, S3 files. */
  function rowsToResolve(keepPhotoId: number, photoIds: readonly number[], action: 'hide' | 'trash'): DuplicateMemberRow[] {
    const rows = catalog.duplicates.members([keepPhotoId, ...photoIds]);
    const known = new Set(rows.map((row) => row.id));
    const unknown = [keepPhotoId, ...photoIds].filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ApiError('not_found', `no photo with id ${unknown.join(', ')}`);
    requireOneGroup(keepPhotoId, photoIds);
    const others = rows.filter((row) => row.id !== keepPhotoId);
    const inBuckets = others.filter((row) => row.sourceKind === 's3');
    if (action === 'trash' && inBuckets.length > 0) {
      throw new ApiError(
        'invalid_input',
        `cannot move to the trash: ${inBuckets.map((row) => row.path).join(', ')} ${inBuckets.length === 1 ? 'is' : 'are'} ${s3Refusal}`,
      );
    }
    return others;
  }

  async function trashFiles(rows: readonly DuplicateMemberRow[]): Promise<DuplicateMemberRow[]> {
    const trashed: DuplicateMemberRow[] = [];
    for (const row of rows) {
      try {
        await moveToTrash([row.path]);
      } catch (error) {
        // What went already stays gone from the library; the error names the first file that did not.
        if (trashed.length > 0) forget(trashed);
        throw new ApiError('unavailable', `cannot move ${row.path} to the trash: ${errorMessage(error)}`);
      }
      trashed.push(row);
    }
    forget(trashed);
    return trashed;
  }

  /** Trashed files leave the catalog, with whatever of their content no other file has. */
  function forget(rows: readonly DuplicateMemberRow[]): void {
    const orphans = catalog.transaction(() => {
      for (const row of rows) catalog.duplicates.removeFile(row.id);
      catalog.faces.deleteOrphans();
      return catalog.derivatives.deleteOrphans();
    });
    void Promise.all(
      orphans.map((rel) => {
        const location = derivativeLocation(layout.libraryDir, layout.derivativesDir, rel);
        return location ? fs.rm(location, { force: true }) : undefined;
      }),
    ).catch((error: unknown) => log.warn('cannot delete the thumbnails of trashed files', error));
    emit({ type: 'changed', domains: ['photos', 'people', 'events'] });
  }

  return {
    listDuplicates,

    async resolveDuplicates({ keepPhotoId, photoIds, action }): Promise<DuplicateResolution> {
      const rows = rowsToResolve(keepPhotoId, photoIds, action);
      const files = (list: readonly DuplicateMemberRow[]) =>
        list.map((row) => ({ photoId: row.id, fileName: row.relPath.slice(row.relPath.lastIndexOf('/') + 1), path: row.path }));
      if (action === 'hide') {
        catalog.marks.setHidden(
          rows.map((row) => row.id),
          true,
        );
        emit({ type: 'changed', domains: ['photos'] });
        return { action, keptPhotoId: keepPhotoId, files: files(rows), undo: 'unhide' };
      }
      const trashed = await trashFiles(rows);
      return { action, keptPhotoId: keepPhotoId, files: files(trashed), undo: canRestoreFromTrash ? 'restore' : 'system-trash' };
    },

    async restoreFromTrash({ paths }): Promise<TrashRestoreResult> {
      const sources = catalog.sources.list().filter((source) => source.kind === 'folder');
      const result: TrashRestoreResult = { restored: [], failed: [] };
      for (const original of paths) {
        if (!path.isAbsolute(original)) {
          result.failed.push({ path: original, reason: 'not an absolute path' });
          continue;
        }
        const inside = (root: string) => path.relative(root, original);
        const source = sources.find((s) => !inside(s.root).startsWith('..') && !path.isAbsolute(inside(s.root)));
        if (source === undefined) {
          result.failed.push({ path: original, reason: 'it is in no folder of the library' });
          continue;
        }
        try {
          await putBack(original);
          result.restored.push(original);
          // Indexed again as a new photo (the thumbnails of its content are made again if they went).
          const relPath = inside(source.root).split(path.sep).join('/');
          library.scanPaths(source.id, [relPath]).catch((error: unknown) => log.warn(`cannot index ${original} again`, error));
        } catch (error) {
          result.failed.push({ path: original, reason: errorMessage(error) });
        }
      }
      return result;
    },
  };
}
