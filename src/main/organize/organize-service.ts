import { ApiError, type FacetApi, type FacetEvent } from '../../shared/api';
import type { SidecarFailure } from '../../shared/organize-api';
import type { Catalog } from '../catalog/catalog';
import { originalLocation } from '../catalog/photo-queries';
import type { LibrarySettingsStore } from '../library/library-settings';
import type { XmpSidecarWriter } from './xmp-sidecar';

export type OrganizeApi = Pick<FacetApi, 'setFavourite' | 'setRating' | 'setHidden' | 'listPhotoIds'>;

/** Sidecars written at once: each is a short exiftool task, and exiftool runs one process here. */
const sidecarBatch = 8;

/**
 * Favourites, ratings and hidden photos (the catalog's marks), and the ids of a photo sequence
 * for selecting all of it. `pages` are the paged reads of an event, a person and a guest, whose order
 * (and checks) the ids follow.
 */
export function createOrganizeApi(context: {
  catalog: Catalog;
  settings: LibrarySettingsStore;
  sidecars: XmpSidecarWriter;
  pages: Pick<FacetApi, 'listEventPhotos' | 'listPersonPhotos' | 'listGuestPhotos'>;
  emit: (event: FacetEvent) => void;
}): OrganizeApi {
  const { catalog, emit } = context;

  const requirePhotos = (photoIds: readonly number[]) => {
    const unknown = catalog.marks.unknown(photoIds);
    if (unknown.length > 0) throw new ApiError('not_found', `no photo with id ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', ...' : ''}`);
  };

  const marked = (changed: number) => {
    if (changed > 0) emit({ type: 'changed', domains: ['marks'] });
    return { changed };
  };

  const writeSidecars = async (photoIds: readonly number[], rating: number) => {
    const failures: SidecarFailure[] = [];
    let written = 0;
    // S3 originals live in a bucket Facet only reads: no sidecar there.
    const files = catalog.marks.files(photoIds).filter((file) => file.sourceKind === 'folder');
    for (let i = 0; i < files.length; i += sidecarBatch) {
      await Promise.all(
        files.slice(i, i + sidecarBatch).map(async (file) => {
          const reason = await context.sidecars.tryWriteRating(originalLocation(file.sourceKind, file.root, file.relPath), rating);
          if (reason === null) written++;
          else failures.push({ photoId: file.id, fileName: file.relPath.slice(file.relPath.lastIndexOf('/') + 1), reason });
        }),
      );
    }
    return { sidecarsWritten: written, sidecarFailures: failures };
  };

  return {
    async setFavourite({ photoIds, favourite }) {
      requirePhotos(photoIds);
      return marked(catalog.marks.setFavourite(photoIds, favourite));
    },

    async setHidden({ photoIds, hidden }) {
      requirePhotos(photoIds);
      return marked(catalog.marks.setHidden(photoIds, hidden));
    },

    async setRating({ photoIds, rating }) {
      requirePhotos(photoIds);
      const change = marked(catalog.marks.setRating(photoIds, rating));
      const sidecars = context.settings.get().writeXmpSidecars ? await writeSidecars(photoIds, rating) : { sidecarsWritten: 0, sidecarFailures: [] };
      return { ...change, ...sidecars };
    },

    async listPhotoIds({ sequence }) {
      switch (sequence.method) {
        case 'listPhotos':
          return catalog.photos.ids(sequence.input);
        case 'listEventPhotos':
          return allIds((window) => context.pages.listEventPhotos({ ...sequence.input, ...window }));
        case 'listPersonPhotos':
          return allIds((window) => context.pages.listPersonPhotos({ ...sequence.input, ...window }));
        case 'listGuestPhotos':
          return allIds((window) => context.pages.listGuestPhotos({ ...sequence.input, ...window }));
        case 'searchPhotos':
          return catalog.places.ids(sequence.input.filter);
      }
    },
  };
}

/** An event's, a person's or a guest's photos through their own read (its order and checks), in one window as long as they are. */
async function allIds(read: (window: { offset: number; limit: number }) => Promise<{ total: number; items: { id: number }[] }>): Promise<number[]> {
  const { total } = await read({ offset: 0, limit: 1 });
  if (total === 0) return [];
  return (await read({ offset: 0, limit: total })).items.map((photo) => photo.id);
}
