/**
 * People and selfie search as the engine wires them: one vector index beside the catalog, fed
 * by the bus's 'faces-stored'; people updated after indexing; the API methods of both.
 */
import type { FacetApi, FacetEvent } from '../../../shared/api';
import type { Catalog } from '../../catalog/catalog';
import type { LibraryLayout } from '../../catalog/layout';
import type { FaceRuntime } from '../../library/face-store';
import { FaceVectors } from '../../search/face-vectors';
import { SelfieSearch } from '../../search/selfie-search';
import { PeopleService, type PeopleMethod } from './people-service';
import type { JobRunner } from '../../jobs/job-runner';
import type { EngineBus } from '../../bus/engine-bus';

export { PeopleService, type PeopleCounts, type PeopleMethod } from './people-service';

export interface PeopleRuntime {
  api: Pick<FacetApi, PeopleMethod | 'searchBySelfie'>;
  vectors: FaceVectors;
  people: PeopleService;
  search: SelfieSearch;
  /** Indexing is idle: bring people up to date now (the engine's indexAll waits for it). */
  afterIndexing(): Promise<void>;
  /** Saves the index checkpoint; call once the job runner stopped, before the catalog closes. */
  close(): void;
}

export function createPeopleRuntime(options: {
  catalog: Catalog;
  layout: LibraryLayout;
  faces: FaceRuntime;
  packDir: string | null;
  emit: (event: FacetEvent) => void;
  jobs: JobRunner;
  bus: EngineBus;
}): PeopleRuntime {
  const { catalog, layout, faces, emit, jobs } = options;
  const modelId = () => faces.modelId;
  const vectors = new FaceVectors({ catalog, dir: layout.vectorsDir, modelId });
  const people = new PeopleService({ catalog, layout, vectors, modelId, emit, jobs, clusterOptions: faces.tuning?.clustering, tuning: () => faces.tuning });
  const search = new SelfieSearch({ catalog, vectors, modelId, packDir: options.packDir, tuning: () => faces.tuning });
  const unsubscribe = options.bus.subscribe('faces-stored', (faceIds, how) => {
    vectors.facesStored(faceIds);
    if (how === 'reembedded') people.facesReembedded();
    else people.schedule();
  });
  return {
    api: { ...people.api(), searchBySelfie: (input) => search.search(input) },
    vectors,
    people,
    search,
    async afterIndexing() {
      // People are a view over the faces: failing to update them must not fail indexing (the
      // runner logged the failure and keeps it to retry).
      await people.update().catch(() => undefined);
    },
    close() {
      unsubscribe();
      vectors.close();
    },
  };
}
