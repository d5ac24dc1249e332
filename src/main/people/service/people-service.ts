/**
 * People in a library: runs the shipped clustering over the catalog's faces (with the user's edits
 * as constraints), assigns faces that arrive later incrementally, and serves every people method
 * of the API contract. SQL lives in catalog/people-repo.ts; this file decides.
 */
import fs from 'node:fs/promises';
import { ApiError, type FacetApi, type FacetEvent } from '../../../shared/api';
import type { RecognizerTuning } from '../../../shared/model-manifest';
import type { PersonSummary } from '../../../shared/people-api';
import type { Catalog } from '../../catalog/catalog';
import type { LibraryLayout } from '../../catalog/layout';
import { PeopleRepository, type PersonRow } from '../../catalog/people-repo';
import { derivativeLocation } from '../../library/derivative-files';
import { nextTurn } from '../../next-turn';
import type { FaceVectors } from '../../search/face-vectors';
import { clusterDefaults, neighbourReach, type ClusterOptions, type ReclusterResult } from '../cluster';
import { clusterInWorker } from '../cluster-in-worker';
import { FacePacker, runClusterStep, toJob, type ClusterStep, type PackedFaces } from '../cluster-job';
import { precomputeNeighbours, type NeighbourTable } from '../neighbour-table';
import type { NeighbourSource } from '../neighbours';
import type { Assignments, ClusterFace, UserConstraints } from '../../domain/people';
import { Corrections } from './corrections';
import { crossPersonLinks } from './face-links';
import { hnswNeighbours } from './hnsw-neighbours';
import { SamePersonSuggestions } from './same-person-suggestions';
import type { Job, JobRunner } from '../../jobs/job-runner';

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
  | 'reclusterPeople'
  | 'listSamePersonSuggestions'
  | 'acceptSamePersonSuggestion'
  | 'rejectSamePersonSuggestion'
  | 'setFacesIgnored'
  | 'listIgnoredFaces'
  | 'undoLastCorrection';

export interface PeopleServiceOptions {
  catalog: Catalog;
  layout: LibraryLayout;
  vectors: FaceVectors;
  /** The embedding_models row of the models in use; null while faces are off. */
  modelId: () => number | null;
  emit: (event: FacetEvent) => void;
  /** Runs the 'people' job (an update or a recluster, one at a time); its signal stops a run. */
  jobs: JobRunner;
  /** Quiet time after the last stored face before people are updated (default 2 s). */
  settleMs?: number;
  clusterOptions?: Partial<Omit<ClusterOptions, 'neighbours'>>;
  /** The model pack's tuning, for the "same person?" bounds (null: faces off). */
  tuning?: () => Pick<RecognizerTuning, 'clustering' | 'similarity'> | null;
  /** The k-NN phase of a run yields to the event loop after searching this long (default 30 ms; 0: after every face). */
  neighbourSliceMs?: number;
  /** Called at each yield of the k-NN phase with the faces searched so far (progress; tests act mid-run here). */
  onNeighboursProgress?: (done: number, total: number) => void;
  /**
   * Called each time the clustering step was handed to a worker thread (tests edit the library
   * here, while it runs). The worker's answer is taken once what this returns has settled.
   */
  onClusteringStarted?: () => void | Promise<void>;
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

/**
 * Tries of the clustering step in a worker before it runs in this thread, where no edit can come
 * in between: each try is redone when the user edited people while it ran.
 */
const workerAttempts = 3;

/** Faces read from the catalog per turn of the event loop while a run starts (~8 MB of embeddings). */
const facesPerRead = 2000;

/** A face as stored: its vector (a view of the run's shared buffer), quality and current person. */
interface StoredFace extends ClusterFace {
  personId: number | null;
}

interface Searched {
  table: NeighbourTable;
  source: NeighbourSource;
}

/** A clustering step's result with the faces it placed, as the catalog held them when it ran. */
interface Settled {
  current: StoredFace[];
  result: ReclusterResult;
}

export class PeopleService {
  private readonly repo: PeopleRepository;
  private readonly corrections: Corrections;
  private readonly samePerson: SamePersonSuggestions;
  /** Faces got new vectors of the current model under their old ids since the last run began. */
  private reembedded = false;
  /** Subject 'update' or 'recluster': one clustering run at a time, each waiting for the one before. */
  private readonly job: Job<PeopleCounts>;
  /** The engine's: a run searching ends at its next slice, a clustering worker is terminated, neither applies anything. */
  private readonly signal: AbortSignal;

  constructor(private readonly options: PeopleServiceOptions) {
    this.repo = options.catalog.people;
    this.corrections = new Corrections(options.catalog, this.repo);
    this.signal = options.jobs.signal;
    this.samePerson = new SamePersonSuggestions({
      catalog: options.catalog,
      repo: this.repo,
      modelId: options.modelId,
      tuning: options.tuning ?? (() => null),
      signal: this.signal,
    });
    this.job = options.jobs.register({
      kind: 'people',
      describe: (subject) => (subject === 'recluster' ? 'Cluster every face again' : 'Update people with new faces'),
      oneAtATime: 'kind',
      debounce: { waitMs: options.settleMs ?? 2000 },
      run: ({ subject }) => (subject === 'recluster' ? this.reclusterNow() : this.updateNow()),
    });
  }

  /** New faces landed: update people once indexing has been quiet for a moment. */
  schedule(): void {
    void this.job.request('update');
  }

  /**
   * Faces of an older model got vectors of the current one (a model upgrade). They keep their ids,
   * so the clustering mark (highest face id clustered) cannot tell them from faces already
   * clustered, even by a run still going when they landed: the next run clusters every face.
   */
  facesReembedded(): void {
    this.reembedded = true;
    this.schedule();
  }

  /**
   * Brings people up to date with the faces in the catalog: the first time (or after a model
   * change, a model upgrade's re-embedding, or a large import) a full clustering, otherwise new
   * faces join existing people.
   */
  update(): Promise<PeopleCounts> {
    return this.job.run('update');
  }

  /** Clusters every face again, keeping every user edit (named, hidden, moved, rejected, merged). */
  recluster(): Promise<PeopleCounts> {
    return this.job.run('recluster');
  }

  private async updateNow(): Promise<PeopleCounts> {
    const modelId = this.options.modelId();
    if (modelId === null) return this.counts();
    if (this.reembedded) {
      this.reembedded = false;
      return this.clusterAll(modelId, await this.clusterFaces(modelId));
    }
    const state = this.repo.clusteringState();
    const upToDate = state !== null && state.modelId === modelId && this.options.vectors.catalogState(modelId).lastFaceId <= state.throughFaceId;
    if (upToDate) return this.counts();
    const stored = await this.clusterFaces(modelId);
    const { faces } = stored;
    if (faces.length === 0) return this.counts();
    if (state !== null && state.modelId === modelId) {
      const fresh = new Set(faces.flatMap((face) => (face.id > state.throughFaceId ? [face.id] : [])));
      if (fresh.size === 0) return this.counts();
      if (fresh.size < faces.length * fullRunShare) return this.assignFresh(modelId, stored, fresh);
    }
    return this.clusterAll(modelId, stored);
  }

  private async reclusterNow(): Promise<PeopleCounts> {
    const modelId = this.options.modelId();
    return modelId === null ? this.counts() : this.clusterAll(modelId, await this.clusterFaces(modelId));
  }

  private async clusterAll(modelId: number, stored: PackedFaces<StoredFace>): Promise<PeopleCounts> {
    const searched = await this.searchNeighbours(stored.faces, stored.faces);
    const settled = searched && (await this.clusterSettled(modelId, stored, searched, null));
    if (!settled) return this.counts();
    const counts = this.apply(modelId, settled, () => this.repo.deleteEmptyPeople());
    await this.recordLinks(searched, settled, true);
    return counts;
  }

  private async assignFresh(modelId: number, stored: PackedFaces<StoredFace>, freshIds: ReadonlySet<number>): Promise<PeopleCounts> {
    const { faces } = stored;
    const rejectedBefore = rejectedFaces(this.repo.constraints());
    const searched = await this.searchNeighbours(
      faces,
      faces.filter((face) => searchedForAssignment(face, freshIds, rejectedBefore)),
    );
    const settled = searched && (await this.clusterSettled(modelId, stored, searched, freshIds));
    if (!settled) return this.counts();
    const counts = this.apply(modelId, settled);
    await this.recordLinks(searched, settled, false);
    return counts;
  }

  /**
   * Keeps the faces the step's searches found within the attach distance of each other while it
   * put them in different people: the nearest-faces evidence of "same person?". A full run found
   * every link there is (`replace`); an assignment adds those of the faces it searched.
   */
  private async recordLinks(searched: Searched, { current, result }: Settled, replace: boolean): Promise<void> {
    const { k, attachDistance } = { ...clusterDefaults, ...this.options.clusterOptions };
    const links = await crossPersonLinks(searched.table, current, result.assignments, { k, attachDistance }, this.signal);
    this.options.catalog.transaction(() => this.repo.saveFaceLinks(links, replace));
    this.samePerson.invalidate();
  }

  /**
   * The clustering step, on the catalog as it is once the searches are done, in a worker thread so
   * that the API is served meanwhile. The user may edit people while it runs, so when it answers,
   * the edits and placements it was given are compared with the catalog's; on any difference it
   * runs again on the new state (the table still holds: faces forgotten meanwhile drop out of it).
   * After `workerAttempts` tries it runs in this thread, where nothing can change under it.
   * `fresh`: the new faces of an assignment (assignNewFaces), or null for a full clustering.
   */
  private async clusterSettled(
    modelId: number,
    stored: PackedFaces<StoredFace>,
    searched: Searched,
    fresh: ReadonlySet<number> | null,
  ): Promise<Settled | null> {
    const searchedById = new Map(stored.faces.map((face) => [face.id, face]));
    let current = this.storedNow(modelId, searchedById);
    for (let attempt = 1; current !== null; attempt++) {
      searched.table.keepOnly(new Set(current.map((face) => face.id)));
      const constraints = this.repo.constraints();
      if (fresh) {
        // assignNewFaces searches around the new faces and the known ones it finds unsorted: the
        // few the user took off a person since the searches began are searched now.
        const rejected = rejectedFaces(constraints);
        for (const face of current) if (searchedForAssignment(face, fresh, rejected)) searched.table.add(searched.source, face);
      }
      const step: ClusterStep = {
        faces: current,
        existing: this.existing(current),
        constraints,
        fresh,
        options: { ...this.options.clusterOptions },
        neighbours: searched.table,
      };
      if (attempt > workerAttempts) return { current, result: runClusterStep(step) };
      const [result] = await Promise.all([clusterInWorker(toJob(step, stored.shared), this.signal), this.options.onClusteringStarted?.()]);
      this.signal.throwIfAborted();
      const now = this.storedNow(modelId, searchedById);
      if (now !== null && samePlacements(now, current) && JSON.stringify(this.repo.constraints()) === JSON.stringify(constraints)) {
        return { current, result };
      }
      current = now;
    }
    return null;
  }

  /** Writes a settled step's people in one transaction (with `alsoInTransaction`). */
  private apply(modelId: number, { current, result }: Settled, alsoInTransaction?: () => void): PeopleCounts {
    // Only faces that change person are written: a re-clustering moves few, and the event loop waits for the writes.
    const before = this.existing(current);
    const changes = new Map([...result.assignments].filter(([faceId, personId]) => before.get(faceId) !== personId));
    this.options.catalog.transaction(() => {
      this.repo.applyAssignments(changes, result.newPeople);
      alsoInTransaction?.();
      this.repo.setClusteringState(modelId, highestId(current));
    });
    this.options.vectors.save();
    this.samePerson.invalidate();
    this.options.emit({ type: 'changed', domains: ['people'] });
    return this.counts();
  }

  /**
   * The k-NN phase: the rows of `queries` among `faces`, searched in slices that let the API be
   * served meanwhile. Reads embeddings only; what the user may change meanwhile is read after it.
   */
  private async searchNeighbours(faces: readonly StoredFace[], queries: readonly StoredFace[]): Promise<Searched | null> {
    // Reading the faces held the event loop already: the searches start on a fresh turn of it.
    await nextTurn(this.signal);
    // k-NN of every face needs the graph: an exact scan per face would be quadratic.
    const index = await this.options.vectors.ready();
    this.signal.throwIfAborted();
    if (index === null) return null;
    const source = hnswNeighbours(index, faces);
    const table = await precomputeNeighbours(source, queries, neighbourReach(this.options.clusterOptions), {
      sliceMs: this.options.neighbourSliceMs,
      onProgress: this.options.onNeighboursProgress,
      signal: this.signal,
    });
    return { table, source };
  }

  /**
   * The searched faces as the catalog holds them now: person ids with the user's edits made
   * meanwhile; faces forgotten or deleted meanwhile left out; faces stored meanwhile left to the
   * next update. Null when the models changed meanwhile.
   */
  private storedNow(modelId: number, searchedById: ReadonlyMap<number, StoredFace>): StoredFace[] | null {
    if (this.options.modelId() !== modelId) return null;
    return this.options.catalog.faces.placements(modelId).flatMap(({ id, personId }) => {
      const face = searchedById.get(id);
      return face ? [{ ...face, personId }] : [];
    });
  }

  /**
   * The searchable faces (index brought in line with the catalog first, so k-NN sees them all),
   * their embeddings packed in one shared buffer that a clustering worker reads as it is. Read in
   * pages with the event loop served between them (100k embeddings are 400 MB); faces stored
   * meanwhile past the count taken at the start are left to the next update.
   */
  private async clusterFaces(modelId: number): Promise<PackedFaces<StoredFace>> {
    const { catalog, vectors } = this.options;
    vectors.reconcile();
    const capacity = vectors.catalogState(modelId).count;
    let packer: FacePacker<StoredFace> | null = null;
    for (let afterId = 0; !packer?.full;) {
      const page = catalog.faces.embeddingsAfter(modelId, afterId, facesPerRead);
      if (page.length === 0) break;
      packer ??= new FacePacker(capacity, page[0]!.embedding.length);
      for (const face of page) {
        if (packer.full) break;
        // Quality is computed with every embedding; a missing one must not let a face shape clusters.
        packer.add({ id: face.id, embedding: face.embedding, quality: face.quality ?? 0, personId: face.personId });
      }
      afterId = page.at(-1)!.id;
      await nextTurn(this.signal);
    }
    return (packer ?? new FacePacker<StoredFace>(0, 0)).packed();
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
    this.samePerson.invalidate();
    this.options.emit({ type: 'changed', domains: ['people'] });
    return value;
  }

  private requireFaces(faceIds: readonly number[]): void {
    for (const faceId of faceIds) {
      if (this.repo.face(faceId) === null) throw new ApiError('not_found', `no face with id ${faceId}`);
    }
  }

  /** Merges `from` into `into` with its undo record. */
  private merge(from: PersonRow, into: PersonRow): { mergeId: number; person: PersonSummary; correctionId: number } {
    const { mergeId, correctionId } = this.options.catalog.transaction(() => {
      const mergeId = this.repo.merge(from, into);
      return { mergeId, correctionId: this.corrections.record({ kind: 'merge', mergeId }) };
    });
    return this.changed({ mergeId, person: this.summaryOf(into.id), correctionId });
  }

  /** The two people of a suggestion, both there and not one. */
  private requirePair(personId: number, otherPersonId: number): [PersonRow, PersonRow] {
    if (personId === otherPersonId) throw new ApiError('invalid_input', `person ${personId} is the same person as itself`);
    return [this.requirePerson(personId), this.requirePerson(otherPersonId)];
  }

  /** "Not a face" or taken back, with the vector index following: ignored faces are not searchable. */
  private setIgnored(faceIds: readonly number[], ignored: boolean): { faces: number; correctionId: number } {
    const { vectors } = this.options;
    const { correctionId } = this.corrections.onFaces(ignored ? 'not-a-face' : 'a-face', faceIds, () => {
      this.repo.setIgnored(faceIds, ignored);
      return { value: null };
    });
    if (ignored) vectors.facesUnsearchable(faceIds);
    else vectors.facesStored(faceIds);
    return this.changed({ faces: faceIds.length, correctionId });
  }

  /** Which of the two keeps the faces when they are accepted as one: the named one, else the bigger. */
  private survivorOfPair(a: PersonRow, b: PersonRow): [from: PersonRow, into: PersonRow] {
    if ((a.name === null) !== (b.name === null)) return a.name === null ? [a, b] : [b, a];
    const faces = (p: PersonRow) => this.repo.summary(p.id)?.faceCount ?? 0;
    return faces(a) > faces(b) || (faces(a) === faces(b) && a.id < b.id) ? [b, a] : [a, b];
  }

  private async forget(personId: number): Promise<{ forgotten: boolean; faces: number }> {
    this.requirePerson(personId);
    const { catalog, layout, vectors } = this.options;
    const forgotten = catalog.transaction(() => this.repo.forget(personId));
    catalog.flushErasure();
    await vectors.purge(forgotten.faceIds);
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
        return this.merge(this.requirePerson(personId), this.requirePerson(intoPersonId));
      },

      undoMerge: async ({ mergeId }) => {
        const merge = repo.getMerge(mergeId);
        if (merge === null) throw new ApiError('not_found', `no merge with id ${mergeId}`);
        if (merge.undoneAt !== null) throw new ApiError('conflict', `merge ${mergeId} was already undone`);
        catalog.transaction(() => {
          repo.undoMerge(merge);
          this.corrections.mergeUndone(mergeId);
        });
        return this.changed({ restored: [this.summaryOf(merge.fromPersonId), this.summaryOf(repo.survivorOf(merge.intoPersonId))] });
      },

      moveFaces: async ({ faceIds, personId }) => {
        this.requireFaces(faceIds);
        if (personId !== null) this.requirePerson(personId);
        // A face said to be no face and now put on a person is a face after all: searchable again.
        const wereIgnored = repo.faceStates(faceIds).faces.flatMap((f) => (f.ignoredAt === null ? [] : [f.faceId]));
        const { value: target, correctionId } = this.corrections.onFaces('move', faceIds, () => {
          const id = personId ?? repo.create();
          repo.moveFaces(faceIds, id);
          return { value: id, createdPersonId: personId === null ? id : undefined };
        });
        this.options.vectors.facesStored(wereIgnored);
        return this.changed({ person: this.summaryOf(target), correctionId });
      },

      rejectFace: async ({ faceId, faceIds, personId }) => {
        const faces = faceIds ?? [faceId!];
        this.requireFaces(faces);
        this.requirePerson(personId);
        const { correctionId } = this.corrections.onFaces('not-this-person', faces, () => {
          for (const id of faces) repo.reject(id, personId);
          return { value: null };
        });
        return this.changed({ rejected: true, correctionId });
      },

      setPersonHidden: async ({ personId, hidden }) => {
        const before = this.requirePerson(personId).hidden;
        const correctionId = catalog.transaction(() => {
          repo.setHidden(personId, hidden);
          return this.corrections.record({ kind: hidden ? 'hide' : 'show', personId, hidden: before });
        });
        return this.changed({ ...this.summaryOf(personId), correctionId });
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

      reclusterPeople: () => this.recluster(),

      listSamePersonSuggestions: ({ limit }) => this.samePerson.list(limit),

      acceptSamePersonSuggestion: async ({ personId, otherPersonId }) => this.merge(...this.survivorOfPair(...this.requirePair(personId, otherPersonId))),

      rejectSamePersonSuggestion: async ({ personId, otherPersonId }) => {
        this.requirePair(personId, otherPersonId);
        const correctionId = catalog.transaction(() => {
          const added = repo.rejectPair(personId, otherPersonId);
          return this.corrections.record({ kind: 'not-same-person', personId, otherPersonId, added });
        });
        return this.changed({ rejected: true, correctionId });
      },

      setFacesIgnored: async ({ faceIds, ignored }) => {
        this.requireFaces(faceIds);
        return this.setIgnored(faceIds, ignored);
      },

      listIgnoredFaces: async ({ offset, limit }) => ({ offset, ...repo.ignoredFaces(offset, limit) }),

      undoLastCorrection: async ({ correctionId }) => {
        const undone = this.corrections.undo(correctionId);
        this.options.vectors.facesUnsearchable(undone.unsearchable);
        this.options.vectors.facesStored(undone.searchable);
        const people = [...new Set(undone.people.map((id) => repo.livePerson(id)))].flatMap((id) => (id === null ? [] : (repo.summary(id) ?? [])));
        return this.changed({ correctionId: undone.correctionId, kind: undone.kind, people });
      },
    };
  }
}

/** Faces assignNewFaces may search around: the new ones and the known ones without a person. */
function searchedForAssignment(face: StoredFace, fresh: ReadonlySet<number>, rejected: ReadonlySet<number>): boolean {
  return fresh.has(face.id) || face.personId === null || rejected.has(face.id);
}

/** The same faces, in the same order, each with the same person. */
function samePlacements(a: readonly StoredFace[], b: readonly StoredFace[]): boolean {
  return a.length === b.length && a.every((face, i) => face.id === b[i]!.id && face.personId === b[i]!.personId);
}

function rejectedFaces(constraints: UserConstraints): Set<number> {
  return new Set(constraints.rejected.map((r) => r.faceId));
}

function highestId(faces: readonly ClusterFace[]): number {
  let highest = 0;
  for (const face of faces) if (face.id > highest) highest = face.id;
  return highest;
}
