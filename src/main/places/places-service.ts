/** The contract's place and date searches over the catalog, and the namer that fills in places. */
import type { FacetApi, FacetEvent } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { JobRunner } from '../jobs/job-runner';
import { createPlaceNamer, type PlaceNamer } from './place-names';

export type PlacesMethod = 'searchPhotos' | 'getSearchTimeline' | 'listPlaces';

export interface PlacesRuntime {
  api: Pick<FacetApi, PlacesMethod>;
  namer: PlaceNamer;
}

export function createPlacesRuntime(catalog: Catalog, emit: (event: FacetEvent) => void, jobs: JobRunner): PlacesRuntime {
  return {
    api: {
      async searchPhotos({ filter, offset, limit }) {
        const page = catalog.places.search(filter, offset, limit);
        return { total: page.total, offset, items: page.items };
      },
      async getSearchTimeline({ filter }) {
        return catalog.places.timeline(filter);
      },
      async listPlaces({ limit }) {
        return catalog.places.list(limit);
      },
    },
    namer: createPlaceNamer(catalog, emit, jobs),
  };
}
