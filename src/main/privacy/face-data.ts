/**
 * The user's face-data choices: the face recognition switch and "delete all face data". Deleting
 * goes the way forgetting a person does (people-service.ts forget), for everyone: the catalog rows
 * (their freed pages zeroed by secure_delete), the write-ahead log (flushErasure), the face index
 * (vectors overwritten and saved), the crops on disk; the engine then replaces the catalog backups
 * (engine.ts replacingBackupsAfterErasures).
 */
import fs from 'node:fs/promises';
import type { FacetApi, FacetEvent } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { LibraryLayout } from '../catalog/layout';
import type { FaceDataDeletion, FaceRecognitionState } from '../../shared/library-care-api';
import { derivativeLocation } from '../library/derivative-files';
import type { Library } from '../library/library';
import type { FaceVectors } from '../search/face-vectors';

export type FaceDataMethod = 'getFaceRecognition' | 'setFaceRecognition' | 'deleteAllFaceData';

export interface FaceDataOptions {
  catalog: Catalog;
  layout: LibraryLayout;
  library: Library;
  vectors: FaceVectors;
  emit: (event: FacetEvent) => void;
}

export function createFaceDataApi({ catalog, layout, library, vectors, emit }: FaceDataOptions): Pick<FacetApi, FaceDataMethod> {
  const state = (): FaceRecognitionState => ({ enabled: catalog.settings.get('faceRecognition'), ...catalog.faceErasure.counts() });

  async function deleteAll(): Promise<FaceDataDeletion> {
    const erased = catalog.transaction(() => {
      // Off first: a face pass between here and the erasure would detect everything again.
      catalog.settings.set('faceRecognition', false);
      return catalog.faceErasure.eraseAll();
    });
    catalog.flushErasure();
    await vectors.purge(erased.faceIds);
    await Promise.all(
      erased.cropPaths.map((rel) => {
        const location = derivativeLocation(layout.libraryDir, layout.derivativesDir, rel);
        return location ? fs.rm(location, { force: true }) : undefined;
      }),
    );
    emit({ type: 'changed', domains: ['people', 'photos', 'events'] });
    return { faces: erased.faceIds.length, people: erased.people, crops: erased.cropPaths.length };
  }

  return {
    getFaceRecognition: async () => state(),
    setFaceRecognition: async ({ enabled, deleteFaceData }) => {
      if (deleteFaceData) {
        await deleteAll();
        return state();
      }
      const was = catalog.settings.get('faceRecognition');
      catalog.settings.set('faceRecognition', enabled);
      if (enabled && !was) library.findSkippedFaces();
      emit({ type: 'changed', domains: ['sources'] });
      return state();
    },
    deleteAllFaceData: deleteAll,
  };
}
