import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ApiError, changesAny, type FacetApi, type FacetEvent, type MediaKind, type SourceInfo } from '../../shared/api';
import { BackupSchedule } from '../catalog/backup-schedule';
import type { BackupPolicy, CatalogBackup } from '../catalog/backups';
import type { Catalog } from '../catalog/catalog';
import { openLibraryCatalog } from '../catalog/library-catalog';
import { createEventsApi } from '../events/events-service';
import { createGuestsRuntime, type GuestsMethod } from '../events/guests-service';
import { libraryLayout, type LibraryLayout } from '../catalog/layout';
import type { SourceRow } from '../catalog/sources-repo';
import { derivativeLocation } from '../library/derivative-files';
import { openFaceRuntime, type FaceRuntime } from '../library/face-store';
import { Library } from '../library/library';
import { createShareApi } from '../share/share-service';
import { createPlacesRuntime, type PlacesMethod } from '../places/places-service';
import { createOrganizeApi, type OrganizeApi } from '../organize/organize-service';
import { XmpSidecarWriter } from '../organize/xmp-sidecar';
import { createSyncApi } from '../sync/sync-service';
import { createPeopleRuntime, type PeopleRuntime } from '../people/service';
import { nodeSecretStore } from '../library/node-secrets';
import { addS3SourceRow, credentialsRefOf } from '../library/s3-source-setup';
import type { S3ResilienceOptions, SecretStore } from '../sources/s3';
import { defaultModelsDir, facePackDir } from '../pipeline/face-pack';
import { LibrarySettingsStore } from '../library/library-settings';
import type { Pipeline } from '../pipeline/types';
import { validateNewFolderRoot } from './folder-source';
import { createDiskApi, type DiskMethod } from '../disk/disk-api';
import { createPreviewCache } from '../disk/preview-cache';
import { createDuplicatesApi, type DuplicatesMethod } from '../duplicates/duplicates-service';
import { createFaceDataApi, type FaceDataMethod } from '../privacy/face-data';
import { createMediaAccess, type ResolvedMedia } from './media';
import { createShareImportApi, type ShareImportApi } from '../share/library-import';
import { AutoSync, type AutoSyncApi, type AutoSyncTimings } from '../sync/auto-sync';
import type { ByteRange } from '../server/byte-range';
import { isUniqueViolation } from '../catalog/sqlite-errors';
import { JobRunner } from '../jobs/job-runner';
import { DisposableStore } from '../jobs/disposable-store';
import { log, logToLibrary } from '../log';
import { EngineBus } from '../bus/engine-bus';

export interface FacetEngine {
  api: FacetApi;
  subscribe(listener: (e: FacetEvent) => void): () => void;
  /**
   * Only files the catalog knows for that photo (or, for kind 'face', that face id): never an
   * arbitrary path (media confinement).
   */
  resolveMedia(kind: MediaKind, photoId: number): ResolvedMedia | null;
  /** Bytes of media that resolved with path null (an S3 original), for playback with seeking. */
  readMedia(kind: MediaKind, photoId: number, range: ByteRange): Promise<Readable>;
  /** Scans and indexes every source; resolves when indexing and the face pass are idle. */
  indexAll(): Promise<void>;
  /** Copies the catalog into the library's backups now (`facet backup`). */
  backUpCatalog(): Promise<CatalogBackup>;
  close(): Promise<void>;
  readonly libraryDir: string;
}

export interface EngineOptions {
  libraryDir: string;
  /** Watch folder sources for changes while open (the app and `serve`), default false. */
  watch?: boolean;
  /** Pipeline worker threads, default the number of cores. */
  threads?: number;
  /** Debounce of watcher events in ms (tests shorten it). */
  watchDebounceMs?: number;
  /**
   * Where S3 keys are kept. The desktop app passes an EncryptedFileSecretStore over Electron's
   * safeStorage; the default is nodeSecretStore (FACET_SECRET_KEY, or keys from the environment).
   */
  secretStore?: SecretStore;
  /** Retry, probe and timeout settings of S3 clients (tests shorten them). */
  s3Resilience?: Partial<S3ResilienceOptions>;
  /**
   * The resources/models folder of face model packs. The Electron entry passes the unpacked
   * resources path; default FACET_MODELS_DIR, else resources/models found beside the code.
   */
  modelsDir?: string;
  /** Face model pack folder, overriding modelsDir's default pack; null turns faces off. */
  facePackDir?: string | null;
  /** When the catalog is copied into backups/ (catalog/backups.ts has the defaults). */
  backups?: Partial<BackupPolicy>;
  /**
   * Linked events sync by themselves (sync/auto-sync.ts): true, or timings changing the defaults.
   * Default: while watching (the app and `facet serve`), not during one-off CLI commands.
   */
  autoSync?: boolean | Partial<AutoSyncTimings>;
}

export async function openEngine(options: EngineOptions): Promise<FacetEngine> {
  const layout = libraryLayout(options.libraryDir);
  // First: a malformed FACET_SECRET_KEY must fail before anything is opened.
  const secretStore = options.secretStore ?? nodeSecretStore(layout.libraryDir);
  await fs.mkdir(layout.derivativesDir, { recursive: true });
  const catalog = openLibraryCatalog(layout);
  const stopLogging = logToLibrary(layout.libraryDir);
  // Everything opened from here is closed in reverse order; the log file last, to hear of failures.
  const disposables = new DisposableStore();
  disposables.add('the log file', stopLogging);
  disposables.add('the catalog', () => catalog.close());
  const backups = new BackupSchedule(catalog, layout.backupsDir, options.backups);
  const packDir = options.facePackDir === undefined ? facePackDir(options.modelsDir ?? defaultModelsDir()) : options.facePackDir;
  const faces = await openFaceRuntime(catalog, packDir);
  const listeners = new Set<(e: FacetEvent) => void>();
  const emit = (event: FacetEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error('event listener failed', error);
      }
    }
  };
  disposables.add('event listeners', () => listeners.clear());
  disposables.add('catalog backups', () => backups.close());
  // Every background task is a job of this runner; it is closed first (added last, below).
  const jobs = new JobRunner(catalog, () => emit({ type: 'changed', domains: ['jobs'] }));
  // What the engine's modules tell each other (faces stored, ...); the UI hears `emit`'s events.
  const bus = new EngineBus();
  disposables.add('bus listeners', () => void bus.removeAllListeners());
  const people = createPeopleRuntime({ catalog, layout, faces, packDir, emit, jobs, bus });
  disposables.add('people', () => people.close());
  const guests = createGuestsRuntime({ catalog, layout, search: people.search, vectors: people.vectors, modelId: () => faces.modelId, emit, jobs });
  disposables.add('event guests', () => guests.close());
  const places = createPlacesRuntime(catalog, emit, jobs);
  // Photos indexed with a GPS position are named once the run is over.
  listeners.add((event) => {
    if (event.type === 'index-progress' && event.progress.phase === 'idle') places.namer.schedule();
  });
  // Guest photos follow faces and people: matched again once the library is quiet.
  listeners.add((event) => {
    if (changesAny(event, ['photos', 'people', 'events'])) guests.schedule();
  });
  // What an indexing run found is kept in the next catalog backup.
  listeners.add((event) => {
    if (event.type === 'index-progress' && event.progress.phase === 'idle') backups.afterIndexing();
  });

  const settings = new LibrarySettingsStore(catalog.settings);
  // The pipeline (worker pool + exiftool) starts on first use: listing photos must not spawn it.
  let pipeline: Promise<Pipeline> | null = null;
  const getPipeline = () =>
    (pipeline ??= import('../pipeline').then((m) =>
      m.createPipeline({
        derivativesDir: layout.derivativesDir,
        threads: options.threads,
        facePackDir: packDir,
        faceSearch: () => settings.faceSearch(),
        facesEnabled: () => catalog.settings.get('faceRecognition'),
        storedFaces: (sha256) => catalog.faces.withoutThumbs(sha256),
      }),
    ));
  disposables.add('the pipeline', async () => {
    if (pipeline) await (await pipeline).close();
  });
  const library = new Library({
    catalog,
    libraryDir: layout.libraryDir,
    secretStore,
    s3StagingDir: layout.s3StagingDir,
    s3Resilience: options.s3Resilience,
    pipeline: getPipeline,
    emit,
    jobs,
    watchDebounceMs: options.watchDebounceMs,
    faces,
    bus,
  });
  disposables.add('the library', () => library.close());
  const watching = options.watch ?? false;
  // Watchers crawl their trees in the background: a big library must not delay opening.
  const startWatching = (sourceId: number) => {
    if (!watching) return;
    library.watch(sourceId).catch((error: unknown) => log.warn(`cannot watch source ${sourceId}`, error));
  };
  for (const source of catalog.sources.list()) startWatching(source.id);

  await library.prepare();
  // Photos indexed before place names existed, or named from older data.
  places.namer.schedule();

  const base = createApi(catalog, library, layout, {
    startWatching,
    settings,
    emit,
    secretStore,
    faces,
    packDir,
    s3Resilience: options.s3Resilience,
    faceIndexCatchingUp: () => people.vectors.catchingUp,
    catalogProblem: () => backups.problem,
    jobs,
  });
  const sidecars = new XmpSidecarWriter();
  disposables.add('XMP sidecars', () => sidecars.close());
  const organize = createOrganizeApi({
    catalog,
    settings,
    sidecars,
    pages: { listEventPhotos: base.listEventPhotos, listPersonPhotos: people.api.listPersonPhotos, listGuestPhotos: guests.api.listGuestPhotos },
    emit,
  });
  const previews = createPreviewCache(catalog, layout, getPipeline);
  // What an indexing run rendered counts against the preview cache's limit.
  listeners.add((event) => {
    if (event.type === 'index-progress' && event.progress.phase === 'idle')
      void previews.enforce().catch((error: unknown) => log.warn('cannot trim the preview cache', error));
  });
  const care = {
    ...createDuplicatesApi({ catalog, layout, library, emit }),
    ...createFaceDataApi({ catalog, layout, library, vectors: people.vectors, emit }),
    ...createDiskApi(catalog, layout, previews),
    // The viewer opens a photo with getPhoto, then shows its preview: an evicted one is made again first.
    getPhoto: async (input: { photoId: number }) => {
      await previews.ensure(input.photoId);
      return base.getPhoto(input);
    },
  };
  const shareImport = createShareImportApi({ libraryDir: layout.libraryDir, api: () => api, indexSource: (sourceId) => library.scan(sourceId) });
  const autoSync = new AutoSync({
    repo: catalog.autoSync,
    jobs,
    emit,
    sync: (eventId) => eventEdits.syncEvent({ eventId }),
    running: (options.autoSync ?? watching) !== false,
    timings: typeof options.autoSync === 'object' ? options.autoSync : undefined,
  });
  const eventEdits = guests.following(base);
  const api = replacingBackupsAfterErasures(
    {
      ...base,
      ...people.api,
      ...guests.api,
      ...places.api,
      ...organize,
      ...care,
      ...shareImport,
      ...autoSync.api,
      ...eventEdits,
      ...autoSync.following({ ...base, ...eventEdits }),
    },
    backups,
  );
  const media = createMediaAccess(catalog, layout, library);
  // The app and the web mode go on with the jobs a closed or killed engine left unfinished.
  if (watching) jobs.resumeInterrupted();
  disposables.add('the job runner', () => jobs.close());
  // Stopped before the runner closes, so no tick asks it for work meanwhile.
  disposables.add('automatic sync', () => autoSync.close());
  return {
    api,
    libraryDir: layout.libraryDir,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resolveMedia: (kind, photoId) => media.resolve(kind, photoId),
    readMedia: (kind, photoId, range) => media.read(kind, photoId, range),
    async indexAll() {
      await library.indexAll();
      await places.namer.nameAll();
      await people.afterIndexing();
      await guests.afterIndexing();
    },
    backUpCatalog: () => backups.backUpNow(),
    close: () => disposables.dispose(),
  };
}

/**
 * Forgetting a person and deleting a guest or an event erase biometrics for good; older catalog
 * backups still hold them, so each of these calls returns once those backups are replaced.
 */
function replacingBackupsAfterErasures(api: FacetApi, backups: BackupSchedule): FacetApi {
  const erased = async <T>(result: T): Promise<T> => {
    await backups.replaceAllCopies();
    return result;
  };
  return {
    ...api,
    forgetPerson: async (input) => erased(await api.forgetPerson(input)),
    deleteAllFaceData: async (input) => erased(await api.deleteAllFaceData(input)),
    setFaceRecognition: async (input) => {
      const result = await api.setFaceRecognition(input);
      return input.deleteFaceData ? erased(result) : result;
    },
    removeEventGuest: async (input) => erased(await api.removeEventGuest(input)),
    deleteEvent: async (input) => erased(await api.deleteEvent(input)),
    updateEventGuest: async (input) => {
      const result = await api.updateEventGuest(input);
      return input.removeReferenceIds === undefined ? result : erased(result);
    },
  };
}

function createApi(
  catalog: Catalog,
  library: Library,
  layout: LibraryLayout,
  context: {
    startWatching: (sourceId: number) => void;
    emit: (e: FacetEvent) => void;
    secretStore: SecretStore;
    faces: FaceRuntime;
    settings: LibrarySettingsStore;
    packDir: string | null;
    s3Resilience?: Partial<S3ResilienceOptions>;
    /** FaceVectors.catchingUp. */
    faceIndexCatchingUp: () => string | null;
    /** BackupSchedule.problem. */
    catalogProblem: () => string | null;
    jobs: JobRunner;
  },
): Omit<
  FacetApi,
  | keyof PeopleRuntime['api']
  | keyof ShareImportApi
  | keyof AutoSyncApi
  | GuestsMethod
  | PlacesMethod
  | keyof OrganizeApi
  | DuplicatesMethod
  | FaceDataMethod
  | DiskMethod
> {
  const sourceInfo = (row: SourceRow): SourceInfo => ({
    id: row.id,
    kind: row.kind,
    root: row.root,
    label: row.label,
    addedAt: row.addedAt,
    state: row.state,
    stateReason: row.stateReason,
    lastScanAt: row.lastScanAt,
    ...catalog.sources.counts(row.id),
  });
  const requireSource = (sourceId: number): SourceRow => {
    const source = catalog.sources.get(sourceId);
    if (source === null) throw new ApiError('not_found', `no source with id ${sourceId}`);
    return source;
  };
  const startInBackground = (sourceId: number) => {
    void library.scan(sourceId).catch((error: unknown) => log.error(`indexing source ${sourceId} failed`, error));
  };

  return {
    ...createEventsApi(catalog, context.emit),
    ...createShareApi(catalog, layout, { packDir: context.packDir, modelId: () => context.faces.modelId }),
    ...createSyncApi({
      catalog,
      layout,
      secretStore: context.secretStore,
      indexSource: (sourceId) => library.scan(sourceId),
      faceStore: library.faceStore,
      emit: context.emit,
      s3Resilience: context.s3Resilience,
    }),
    async getStatus() {
      const counts = catalog.photos.counts();
      return {
        libraryDir: layout.libraryDir,
        catalogPath: layout.catalogFile,
        schemaVersion: catalog.schemaVersion,
        sources: counts.sources,
        photos: counts.photos,
        videos: counts.videos,
        missing: counts.missing,
        errors: counts.errors,
        faces: counts.faces,
        pendingJobs: counts.pending + counts.openJobs,
        executionProvider: context.faces.provider,
        faceModelUpdate: context.faces.modelId === null ? null : catalog.faces.reembedProgress(),
        faceIndexCatchingUp: context.faceIndexCatchingUp(),
        catalogProblem: context.catalogProblem(),
        indexingPaused: library.indexingPaused,
        jobs: context.jobs.status(),
      };
    },

    async listSources() {
      return catalog.sources.list().map(sourceInfo);
    },

    async getLibrarySettings() {
      return context.settings.get();
    },

    async setLibrarySettings(change) {
      return context.settings.update(change);
    },

    async addFolderSource({ path: input }) {
      const root = await validateNewFolderRoot(input, catalog.sources.list());
      let row: SourceRow;
      try {
        row = catalog.sources.add('folder', root, path.basename(root) || root);
      } catch (error) {
        // Two adds of the same folder racing past validation.
        if (isUniqueViolation(error)) throw new ApiError('conflict', `${root} is already in the library`);
        throw error;
      }
      context.emit({ type: 'changed', domains: ['sources'] });
      context.startWatching(row.id);
      startInBackground(row.id);
      return sourceInfo(catalog.sources.get(row.id) ?? row);
    },

    async addS3Source(input) {
      const row = await addS3SourceRow(catalog, context.secretStore, input);
      context.emit({ type: 'changed', domains: ['sources'] });
      startInBackground(row.id);
      return sourceInfo(catalog.sources.get(row.id) ?? row);
    },

    async removeSource({ sourceId }) {
      const source = catalog.sources.get(sourceId);
      if (source === null) return { removed: false };
      await library.forget(sourceId);
      const orphans = catalog.transaction(() => {
        catalog.sources.remove(sourceId);
        catalog.faces.deleteOrphans();
        return catalog.derivatives.deleteOrphans();
      });
      await Promise.all(
        orphans.map((rel) => {
          const location = derivativeLocation(layout.libraryDir, layout.derivativesDir, rel);
          return location ? fs.rm(location, { force: true }) : undefined;
        }),
      );
      const credentialsRef = credentialsRefOf(source);
      // The source is gone already; keys that cannot be deleted now are reported, not fatal.
      if (credentialsRef !== null) {
        await context.secretStore.delete(credentialsRef).catch((error: unknown) => log.warn(`cannot delete the keys of ${source.root}`, error));
      }
      context.emit({ type: 'changed', domains: ['sources', 'photos', 'people', 'events'] });
      return { removed: true };
    },

    async rescanSource({ sourceId }) {
      requireSource(sourceId);
      startInBackground(sourceId);
      return { started: true };
    },

    async pauseIndexing() {
      library.setIndexingPaused(true);
      return { paused: true as const };
    },

    async resumeIndexing() {
      library.setIndexingPaused(false);
      return { paused: false as const };
    },

    async retryFailedFiles({ sourceId }) {
      if (sourceId !== undefined) requireSource(sourceId);
      return library.retryFailed(sourceId ?? null);
    },

    async retryJobs({ jobId }) {
      return { retried: context.jobs.retry(jobId ?? 'all') };
    },

    async listPhotos({ offset, limit, ...scope }) {
      const page = catalog.photos.page(offset, limit, scope);
      return { total: page.total, offset, items: page.items };
    },

    async getTimeline(scope) {
      return catalog.photos.timeline(scope);
    },

    async listPhotoFaces({ photoId }) {
      if (catalog.photos.detail(photoId) === null) throw new ApiError('not_found', `no photo with id ${photoId}`);
      return catalog.faces.forPhoto(photoId);
    },

    async getPhoto({ photoId }) {
      const detail = catalog.photos.detail(photoId);
      if (detail === null) throw new ApiError('not_found', `no photo with id ${photoId}`);
      return detail;
    },

    async listErrors({ sourceId, limit }) {
      return catalog.errors.list(limit, sourceId);
    },
  };
}
