/**
 * People in a library: runs the shipped clustering over the catalog's faces (with the user's edits
 * as constraints), assigns faces that arrive later incrementally, and serves every people method
 * of the API contract. SQL lives in catalog/people-repo.ts; this file decides.
 */
import fs from 'node:fs/promises';
import { ApiError, type FacetApi, type FacetEvent } from '../../../shared/api';
import type { PersonSummary } from '../../../shared/people-api';
import type { Catalog } from '../../catalog/catalog';
import type { LibraryLayout } from '../../catalog/layout';
import { PeopleRepository, type PersonRow } from '../../catalog/people-repo';
import { derivativeLocation } from '../../library/derivative-files';
import type { FaceVectors } from '../../search/face-vectors';
import { reclusterWithConstraints, type ClusterOptions } from '../cluster';
import { assignNewFaces } from '../incremental';
import type { Assignments, ClusterFace } from '../types';
import { hnswNeighbours } from './hnsw-neighbours';

export type PeopleMethod =
  | 'listPeople'
  | 'getPerson'
  | 'listPersonPhotos'
  | 'listPersonFaces'
  | 'listUnsortedFaces'
  | 'renamePerson'
  | 'mergePeople'
  | 'undoMerge'
  | 'moveFaces'
  | 'rejectFace'
  | 'setPersonHidden'
  | 'setPersonCover'
  | 'forgetPerson'
  | 'reclusterPeople';

export interface PeopleServiceOptions {
  catalog: Catalog;
  layout: LibraryLayout;
  vectors: FaceVectors;
  /** The embedding_models row of the models in use; null while faces are off. */
  modelId: () => number | null;
  emit: (event: FacetEvent) => void;
  /** Quiet time after the last stored face before people are updated (default 2 s). */
  settleMs?: number;
  clusterOptions?: Partial<Omit<ClusterOptions, 'neighbours'>>;
}

export interface PeopleCounts {
  people: number;
  unsorted: number;
}

/**
 * A batch this large next to what was clustered before (a first import, a big folder added) is
 * clustered together with everything, as clustering sees all faces at once; smaller batches join
 * the existing people one face at a time.
 */
const fullRunShare = 0.5;

/** A face as stored: its vector, quality and current person. */
interface StoredFace extends ClusterFace {
  personId: number | null;
}

export class PeopleService {
  private readonly repo: PeopleRepository;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: PeopleServiceOptions) {
    this.repo = new PeopleRepository(options.catalog.db);
  }

  /** New faces landed: update people once indexing has been quiet for a moment. */
  schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        if (!this.closed) this.update();
      } catch (error) {
        console.error('facet: updating people failed:', error);
      }
    }, this.options.settleMs ?? 2000);
    this.timer.unref();
  }

  /**
   * Brings people up to date with the faces in the catalog: the first time (or after a model
   * change, or a large import) a full clustering, otherwise new faces join existing people.
   */
  update(): PeopleCounts {
    const modelId = this.options.modelId();
    if (modelId === null) return this.counts();
    const state = this.repo.clusteringState();
    const upToDate = state !== null && state.modelId === modelId && this.options.vectors.catalogState(modelId).lastFaceId <= state.throughFaceId;
    if (upToDate) return this.counts();
    const faces = this.clusterFaces();
    if (faces.length === 0) return this.counts();
    if (state !== null && state.modelId === modelId) {
      const fresh = faces.filter((face) => face.id > state.throughFaceId);
      if (fresh.length === 0) return this.counts();
      if (fresh.length < faces.length * fullRunShare) return this.assignFresh(modelId, faces, fresh);
    }
    return this.recluster();
  }

  /** Clusters every face again, keeping every user edit (named, hidden, moved, rejected, merged). */
  recluster(): PeopleCounts {
    const modelId = this.options.modelId();
    if (modelId === null) return this.counts();
    const faces = this.clusterFaces();
    const index = this.options.vectors.current();
    if (index === null) return this.counts();
    const result = reclusterWithConstraints(faces, this.existing(faces), this.repo.constraints(), {
      ...this.options.clusterOptions,
      neighbours: hnswNeighbours(index, faces),
    });
    this.options.catalog.transaction(() => {
      this.repo.applyAssignments(result.assignments, result.newPeople);
      this.repo.deleteEmptyPeople();
      this.repo.setClusteringState(modelId, highestId(faces));
    });
    this.options.vectors.save();
    this.options.emit({ type: 'library-changed' });
    return this.counts();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private assignFresh(modelId: number, faces: StoredFace[], fresh: StoredFace[]): PeopleCounts {
    const index = this.options.vectors.current();
    if (index === null) return this.counts();
    const freshIds = new Set(fresh.map((face) => face.id));
    const known = faces.filter((face) => !freshIds.has(face.id));
    const result = assignNewFaces(fresh, known, this.existing(faces), this.repo.constraints(), {
      ...this.options.clusterOptions,
      neighbours: hnswNeighbours(index, faces),
    });
    this.options.catalog.transaction(() => {
      this.repo.applyAssignments(result.assignments, result.newPeople);
      this.repo.setClusteringState(modelId, highestId(faces));
    });
    this.options.vectors.save();
    this.options.emit({ type: 'library-changed' });
    return this.counts();
  }

  /** The searchable faces (index brought in line with the catalog first, so k-NN sees them all). */
  private clusterFaces(): StoredFace[] {
    const modelId = this.options.modelId();
    if (modelId === null) return [];
    this.options.vectors.reconcile();
    return this.options.catalog.faces.embeddings(modelId).map((face) => ({
      id: face.id,
      embedding: face.embedding,
      // Quality is computed with every embedding; a missing one must not let a face shape clusters.
      quality: face.quality ?? 0,
      personId: face.personId,
    }));
  }

  private existing(faces: readonly StoredFace[]): Assignments {
    return new Map(faces.map((face) => [face.id, face.personId]));
  }

  private counts(): PeopleCounts {
    return { people: this.repo.list(true).filter((p) => p.faceCount > 0).length, unsorted: this.repo.unsortedFaces(0, 1).total };
  }

  private requirePerson(personId: number): PersonRow {
    const person = this.repo.get(personId);
    if (person === null) throw new ApiError('not_found', `no person with id ${personId}`);
    if (person.mergedInto !== null) {
      throw new ApiError('not_found', `person ${personId} was merged into person ${this.repo.survivorOf(personId)}`);
    }
    return person;
  }

  /** What listPeople would show, also for a person it leaves out (unnamed and empty). */
  private summaryOf(personId: number): PersonSummary {
    const summary = this.repo.summary(personId);
    if (summary !== null) return summary;
    const person = this.requirePerson(personId);
    return {
      id: person.id,
      name: person.name,
      hidden: person.hidden,
      faceCount: 0,
      photoCount: 0,
      coverFaceId: null,
      firstSeen: null,
      lastSeen: null,
    };
  }

  private changed<T>(value: T): T {
    this.options.emit({ type: 'library-changed' });
    return value;
  }

  private async forget(personId: number): Promise<{ forgotten: boolean; faces: number }> {
    this.requirePerson(personId);
    const { catalog, layout, vectors } = this.options;
    // Overwrite freed pages with zeros so the embeddings' bytes do not linger in the file.
    catalog.db.pragma('secure_delete = ON');
    let forgotten: { faceIds: number[]; thumbPaths: string[] };
    try {
      forgotten = catalog.transaction(() => this.repo.forget(personId));
      // Older page images (the embeddings as inserted) may still sit in the write-ahead log.
      catalog.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      catalog.db.pragma('secure_delete = OFF');
    }
    vectors.purge(forgotten.faceIds);
    await Promise.all(
      forgotten.thumbPaths.map((rel) => {
        const location = derivativeLocation(layout.libraryDir, layout.derivativesDir, rel);
        return location ? fs.rm(location, { force: true }) : undefined;
      }),
    );
    return this.changed({ forgotten: true, faces: forgotten.faceIds.length });
  }

  /** The people methods of the API contract. */
  api(): Pick<FacetApi, PeopleMethod> {
    const { catalog } = this.options;
    const repo = this.repo;
    return {
      listPeople: async ({ includeHidden }) => repo.list(includeHidden),

      getPerson: async ({ personId }) => {
        this.requirePerson(personId);
        return this.summaryOf(personId);
      },

      listPersonPhotos: async ({ personId, offset, limit }) => {
        this.requirePerson(personId);
        return { offset, ...repo.photosOfPerson(personId, offset, limit) };
      },

      listPersonFaces: async ({ personId, offset, limit }) => {
        this.requirePerson(personId);
        return { offset, ...repo.facesOfPerson(personId, offset, limit) };
      },

      listUnsortedFaces: async ({ offset, limit }) => ({ offset, ...repo.unsortedFaces(offset, limit) }),

      renamePerson: async ({ personId, name }) => {
        this.requirePerson(personId);
        repo.rename(personId, name);
        return this.changed(this.summaryOf(personId));
      },

      mergePeople: async ({ personId, intoPersonId }) => {
        if (personId === intoPersonId) throw new ApiError('invalid_input', `cannot merge person ${personId} into itself`);
        const from = this.requirePerson(personId);
        const into = this.requirePerson(intoPersonId);
        const mergeId = catalog.transaction(() => repo.merge(from, into));
        return this.changed({ mergeId, person: this.summaryOf(intoPersonId) });
      },

      undoMerge: async ({ mergeId }) => {
        const merge = repo.getMerge(mergeId);
        if (merge === null) throw new ApiError('not_found', `no merge with id ${mergeId}`);
        if (merge.undoneAt !== null) throw new ApiError('conflict', `merge ${mergeId} was already undone`);
        catalog.transaction(() => repo.undoMerge(merge));
        return this.changed({ restored: [this.summaryOf(merge.fromPersonId), this.summaryOf(repo.survivorOf(merge.intoPersonId))] });
      },

      moveFaces: async ({ faceIds, personId }) => {
        for (const faceId of faceIds) {
          if (repo.face(faceId) === null) throw new ApiError('not_found', `no face with id ${faceId}`);
        }
        if (personId !== null) this.requirePerson(personId);
        const target = catalog.transaction(() => {
          const id = personId ?? repo.create();
          repo.moveFaces(faceIds, id);
          return id;
        });
        return this.changed({ person: this.summaryOf(target) });
      },

      rejectFace: async ({ faceId, personId }) => {
        if (repo.face(faceId) === null) throw new ApiError('not_found', `no face with id ${faceId}`);
        this.requirePerson(personId);
        catalog.transaction(() => repo.reject(faceId, personId));
        return this.changed({ rejected: true });
      },

      setPersonHidden: async ({ personId, hidden }) => {
        this.requirePerson(personId);
        repo.setHidden(personId, hidden);
        return this.changed(this.summaryOf(personId));
      },

      setPersonCover: async ({ personId, faceId }) => {
        this.requirePerson(personId);
        const face = repo.face(faceId);
        if (face === null) throw new ApiError('not_found', `no face with id ${faceId}`);
        if (face.personId !== personId) throw new ApiError('invalid_input', `face ${faceId} is not a face of person ${personId}`);
        repo.setCover(personId, faceId);
        return this.changed(this.summaryOf(personId));
      },

      forgetPerson: ({ personId }) => this.forget(personId),

      reclusterPeople: async () => this.recluster(),
    };
  }
}

function highestId(faces: readonly ClusterFace[]): number {
  let highest = 0;
  for (const face of faces) if (face.id > highest) highest = face.id;
  return highest;
}
