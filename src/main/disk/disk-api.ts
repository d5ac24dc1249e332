import type { FacetApi } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { LibraryLayout } from '../catalog/layout';
import { diskUsage } from './disk-usage';
import type { PreviewCache } from './preview-cache';

export type DiskMethod = 'getDiskUsage' | 'setPreviewCacheLimit';

/** The library's size by part, and the preview cache's limit (applied at once). */
export function createDiskApi(catalog: Catalog, layout: LibraryLayout, previews: PreviewCache): Pick<FacetApi, DiskMethod> {
  return {
    getDiskUsage: () => diskUsage(catalog, layout),
    async setPreviewCacheLimit({ maxBytes }) {
      catalog.settings.set('previewCacheMaxBytes', maxBytes);
      await previews.enforce();
      return diskUsage(catalog, layout);
    },
  };
}
