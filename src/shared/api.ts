/**
 * The one API contract of Facet. The Electron IPC bridge, the local web mode and the CLI all
 * serve exactly these methods; the renderer knows nothing else about the engine.
 *
 * Inputs cross a trust boundary (renderer, HTTP, argv), so every input has a zod schema and is
 * parsed by the transport before the engine sees it. Outputs come from our own engine and are
 * described by TypeScript types only.
 */
import { z } from 'zod';
import { guestsApiInputs, type GuestsApiOutputs, type ShareEveryoneResult } from './guests-api';
import { nameSchema } from './names';
import { libraryFilter, organizeApiInputs, type OrganizeApiOutputs } from './organize-api';
import { libraryCareApiInputs, type DuplicateKeeper, type DuplicateMember, type LibraryCareApiOutputs } from './library-care-api';
import { peopleApiInputs, type PeopleApiOutputs, type PersonSummary } from './people-api';
import { placesApiInputs, type PlaceName, type PlacesApiOutputs } from './places-api';
import { shareImportApiInputs, type ShareImportApiOutputs } from './share-import-api';
import { autoSyncApiInputs, type AutoSyncApiOutputs } from './auto-sync-api';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const fsPath = z.string().min(1).max(4096);

/** Local wall-clock date or date-time, as the photographer's clock showed it (no offset). */
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/, 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]');
/**
 * Which photos an event change applies to: chosen ids, everything under a folder of a source
 * ('' is the whole source, '/' separators), or a capture-time range (a date-only `to` includes that day).
 */
const eventSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('photos'), photoIds: z.array(id).min(1).max(100_000) }).strict(),
  z.object({ kind: z.literal('folder'), sourceId: id, folder: z.string().max(4096) }).strict(),
  z.object({ kind: z.literal('dates'), from: localDateTime, to: localDateTime }).strict(),
]);

/** Where an event syncs: a folder every contributor can reach, or an S3 prefix (keys go to the secret store). */
const sharedLocationInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: fsPath }).strict(),
  z
    .object({
      kind: z.literal('s3'),
      endpoint: z.string().min(1).max(2048).optional(),
      bucket: z.string().min(1).max(63),
      prefix: z.string().max(1024).default(''),
      region: z.string().min(1).max(64).default('us-east-1'),
      forcePathStyle: z.boolean().default(false),
      accessKeyId: z.string().min(1).max(256),
      secretAccessKey: z.string().min(1).max(1024),
    })
    .strict(),
]);

/**
 * Names a share package may list, each with the photos of the package they are in. Without them a
 * package names nobody.
 */
const packageMembers = {
  includePeople: z.array(id).min(1).max(10_000).optional(),
  includeGuests: z.array(id).min(1).max(10_000).optional(),
};

/**
 * The host's explicit opt-in to biometric data in a package: the face embeddings of the exported
 * photos and the face models, so guests can find themselves with a selfie in the viewer. Absent = off
 * (optional rather than defaulted, so engine callers that predate it need not pass it).
 */
const packageBiometrics = { includeBiometrics: z.boolean().optional() };
/**
 * Videos go into a share package only when asked for, each up to this many bytes (its original,
 * with its poster as the picture); absent: the package leaves videos out.
 */
const packageVideos = { videoMaxBytes: z.number().int().min(1).max(1e13).optional() };

export const apiInputs = {
  getStatus: z.object({}).strict(),
  listSources: z.object({}).strict(),
  getLibrarySettings: z.object({}).strict(),
  /** Applies to photos indexed from then on; photos indexed before keep the faces they have. */
  setLibrarySettings: z.object({ findSmallFaces: z.boolean().optional(), writeXmpSidecars: z.boolean().optional() }).strict(),
  addFolderSource: z.object({ path: fsPath }).strict(),
  /**
   * A bucket prefix of an S3-compatible service (AWS S3, Cloudflare R2, MinIO ...) as a read-only
   * source. The keys go to the secret store, never to the catalog; the engine checks the settings.
   */
  addS3Source: z
    .object({
      /** Omit for AWS S3. */
      endpoint: z.string().min(1).max(2048).optional(),
      region: z.string().min(1).max(64).default('us-east-1'),
      bucket: z.string().min(1).max(63),
      prefix: z.string().max(1024).default(''),
      /** MinIO and most self-hosted servers need path-style URLs. */
      forcePathStyle: z.boolean().default(false),
      accessKeyId: z.string().min(1).max(256),
      secretAccessKey: z.string().min(1).max(1024),
      label: nameSchema.optional(),
      /** Requests in flight at once against this source (default 4). */
      maxConcurrency: z.number().int().min(1).max(64).optional(),
    })
    .strict(),
  removeSource: z.object({ sourceId: id }).strict(),
  rescanSource: z.object({ sourceId: id }).strict(),
  /** Stops starting file and face work (what is in flight finishes); kept until resumeIndexing, across restarts. */
  pauseIndexing: z.object({}).strict(),
  resumeIndexing: z.object({}).strict(),
  /** Tries again the files that could not be indexed and the photos whose faces could not be found (of one source, or all). */
  retryFailedFiles: z.object({ sourceId: id.optional() }).strict(),
  /** Runs failed background jobs again (getStatus().jobs.failed): one by id, or every one when absent. */
  retryJobs: z.object({ jobId: id.optional() }).strict(),
  /** Photos newest first (undated last), the order the library grid shows. */
  listPhotos: z
    .object({
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(2000),
      sourceId: id.optional(),
      ...libraryFilter,
    })
    .strict(),
  /** Month buckets over the same order as listPhotos, so a virtual grid can place date headers. */
  getTimeline: z.object({ sourceId: id.optional(), ...libraryFilter }).strict(),
  getPhoto: z.object({ photoId: id }).strict(),
  /** The faces found in a photo, in detection order. */
  listPhotoFaces: z.object({ photoId: id }).strict(),
  listDuplicates: z.object({ kind: z.enum(['exact', 'near']) }).strict(),
  listErrors: z.object({ sourceId: id.optional(), limit: z.number().int().min(1).max(10_000).default(500) }).strict(),
  listEvents: z.object({}).strict(),
  createEvent: z.object({ name: nameSchema, selection: eventSelection.optional() }).strict(),
  renameEvent: z.object({ eventId: id, name: nameSchema }).strict(),
  deleteEvent: z.object({ eventId: id }).strict(),
  addPhotosToEvent: z.object({ eventId: id, selection: eventSelection }).strict(),
  removePhotosFromEvent: z.object({ eventId: id, selection: eventSelection }).strict(),
  /** An event's photos oldest first, paged like listPhotos. */
  listEventPhotos: z.object({ eventId: id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }).strict(),
  /** The visible people in an event's photos, those in most of its photos first. */
  listEventPeople: z.object({ eventId: id }).strict(),
  /** Recomputes the open suggestions; thresholds default to the tuned values in events/suggest.ts. */
  suggestEvents: z
    .object({
      gapHours: z
        .number()
        .min(0.25)
        .max(24 * 30)
        .optional(),
      maxDistanceKm: z.number().min(0.1).max(20_000).optional(),
      minPhotos: z.number().int().min(2).max(10_000).optional(),
    })
    .strict(),
  listEventSuggestions: z.object({}).strict(),
  /** Creates the event; name and a trimmed range (inside the suggestion's) are optional edits. */
  acceptEventSuggestion: z.object({ suggestionId: id, name: nameSchema.optional(), from: localDateTime.optional(), to: localDateTime.optional() }).strict(),
  dismissEventSuggestion: z.object({ suggestionId: id }).strict(),
  /**
   * Writes a share package (folder, or a .zip file) of an event, or of `photoIds` of it only.
   * Exporting again into the same folder rewrites only what changed.
   */
  exportEvent: z
    .object({
      eventId: id,
      destination: fsPath,
      format: z.enum(['folder', 'zip']),
      photoIds: z.array(id).min(1).max(100_000).optional(),
      includeOriginals: z.boolean().default(false),
      watermark: z.string().trim().min(1).max(200).optional(),
      ...packageMembers,
      ...packageBiometrics,
      ...packageVideos,
      /** Only the event photos this guest or person is in: "everyone gets the photos they are in". */
      subset: z.union([z.object({ guestId: id }).strict(), z.object({ personId: id }).strict()]).optional(),
    })
    .strict(),
  /** One package per guest of the event, each under destination/<guest-name-slug> (or <slug>.zip). */
  exportEventForEveryone: z
    .object({
      eventId: id,
      destination: fsPath,
      format: z.enum(['folder', 'zip']).default('folder'),
      includeOriginals: z.boolean().default(false),
      watermark: z.string().trim().min(1).max(200).optional(),
      ...packageMembers,
      ...packageBiometrics,
      ...packageVideos,
    })
    .strict(),
  /**
   * What exportEvent (or, forEveryone, exportEventForEveryone) with these options would write, in
   * bytes on disk, before writing it: viewer, manifest, search runtime and models included.
   */
  estimateEventExport: z
    .object({
      eventId: id,
      format: z.enum(['folder', 'zip']).default('folder'),
      forEveryone: z.boolean().default(false),
      includeOriginals: z.boolean().default(false),
      watermark: z.string().trim().min(1).max(200).optional(),
      ...packageMembers,
      ...packageBiometrics,
      ...packageVideos,
    })
    .strict(),
  /** Checks a package someone else wrote (.zip or folder) and unpacks its photos into a new folder. */
  importSharePackage: z.object({ source: fsPath, destination: fsPath }).strict(),
  /**
   * Syncs an event with other people's libraries through a shared folder (a synced drive) or an
   * S3 prefix, without a server. Re-linking an event points it at another location.
   */
  linkEventToSharedLocation: z
    .object({
      eventId: id,
      location: sharedLocationInput,
      /** Share originals (default); false shares web-sized renditions (2048 px WebP) instead. */
      shareOriginals: z.boolean().default(true),
      /** Also share face boxes and embeddings, so others need not compute them (default false). */
      shareFaces: z.boolean().default(false),
    })
    .strict(),
  /** Pushes this library's changes to the event and pulls everyone else's. */
  syncEvent: z.object({ eventId: id }).strict(),
  getEventSyncStatus: z.object({ eventId: id }).strict(),
  ...peopleApiInputs,
  ...guestsApiInputs,
  ...libraryCareApiInputs,
  ...organizeApiInputs,
  ...placesApiInputs,
  ...shareImportApiInputs,
  ...autoSyncApiInputs,
} as const;

export type ApiMethod = keyof typeof apiInputs;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

export type SourceKind = 'folder' | 's3';
export type SourceState = 'idle' | 'scanning' | 'indexing' | 'watching' | 'paused' | 'error';

export interface SourceInfo {
  id: number;
  kind: SourceKind;
  /** Folder path, or s3://bucket/prefix. */
  root: string;
  label: string;
  addedAt: string;
  state: SourceState;
  /** Why the source is paused or in error, in words a user can act on. */
  stateReason: string | null;
  photoCount: number;
  videoCount: number;
  missingCount: number;
  errorCount: number;
  lastScanAt: string | null;
}

/** Choices kept with a library (in its catalog). */
export interface LibrarySettings {
  /**
   * "Find very small faces": tile every photo for faces down to 24 px instead of 48 px. About 2x
   * the face-detection time (measured ~1.8 s vs ~0.9 s CPU per 12 MP photo; `npm run bench -- detection`).
   */
  findSmallFaces: boolean;
  /**
   * Write a rating set in Facet to an XMP sidecar beside the photo (`IMG_1.jpg.xmp`, folder sources
   * only), for other photo software. Off by default; the original is never written.
   */
  writeXmpSidecars: boolean;
}

export interface LibraryStatus {
  libraryDir: string;
  catalogPath: string;
  schemaVersion: number;
  sources: number;
  photos: number;
  videos: number;
  missing: number;
  errors: number;
  faces: number;
  pendingJobs: number;
  /** Execution provider the face models run on (cpu, cuda, dml, coreml), null before faces exist. */
  executionProvider: string | null;
  /**
   * Faces embedded by an older face model being embedded again with the current one, in the
   * background (until then they are in no search or clustering): `done` of the library's `total`
   * faces. Null when there is nothing to update, or faces are off.
   */
  faceModelUpdate: { done: number; total: number } | null;
  /**
   * The face index is being built or caught up in the background (opened missing, stale after a
   * crash, or of another model): why, in words. Searches answer meanwhile by scanning every face
   * exactly. Null once the index is ready (or before it was first needed).
   */
  faceIndexCatchingUp: string | null;
  /**
   * Damage to the catalog seen while the library is open (a backup copy of it failed its check):
   * what to do, in words. Null while none was seen (damage found on open stops the library opening).
   */
  catalogProblem: string | null;
  /** The user paused indexing (pauseIndexing): new and changed files wait until resumed. */
  indexingPaused: boolean;
  /** Background work: what runs or waits now, and the jobs that failed (retryJobs runs them again). */
  jobs: JobsStatus;
}

/** A background job (a source's scan, the face pass, updating people...) running or waiting to run. */
export interface ActiveJob {
  kind: string;
  /** What it works on within its kind: a source id, or 'library'. */
  subject: string;
  /** In words, for the user. */
  label: string;
  state: 'queued' | 'running';
  /** The try going on (above 1 when a passing failure is tried again), 0 while queued before its first. */
  attempt: number;
}

/** A job that failed and is kept (a dead letter) until it succeeds or the user retries it. */
export interface FailedJob {
  id: number;
  kind: string;
  subject: string;
  label: string;
  reason: string;
  attempts: number;
  /** ISO 8601 UTC. */
  failedAt: string;
}

export interface JobsStatus {
  active: ActiveJob[];
  failed: FailedJob[];
}

export type MediaType = 'image' | 'video';

export interface PhotoSummary {
  id: number;
  sha256: string;
  mediaType: MediaType;
  fileName: string;
  /** ISO 8601 local capture time with offset when known (2024-05-01T14:03:00+02:00). */
  takenAt: string | null;
  width: number | null;
  height: number | null;
  /** A video's length; null for photos (and videos whose container records none). */
  durationSeconds: number | null;
  /** True once the grid thumbnail exists; the UI never requests a thumbnail that is not ready. */
  hasThumb: boolean;
  missing: boolean;
  favourite: boolean;
  /** 0-5 stars: the user's, else the file's XMP/EXIF Rating, else 0. */
  rating: number;
  /** Left out of the library grid (still in events and people). */
  hidden: boolean;
}

export interface PhotoPage {
  total: number;
  offset: number;
  items: PhotoSummary[];
}

export interface TimelineBucket {
  /** 'YYYY-MM', or 'undated'. */
  month: string;
  count: number;
  /** Index of the bucket's first photo in listPhotos order. */
  firstOffset: number;
}

export interface GpsPosition {
  latitude: number;
  longitude: number;
  altitude: number | null;
}

export interface PhotoDetail extends PhotoSummary {
  sourceId: number;
  path: string;
  sizeBytes: number;
  modifiedAt: string;
  /** Detected content type from magic bytes, e.g. image/jpeg, image/heic, image/x-canon-cr3. */
  contentType: string;
  orientation: number | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lensModel: string | null;
  gps: GpsPosition | null;
  /** The town nearest its GPS position, named offline; null without GPS, far from every town, or until named. */
  place: PlaceName | null;
  /** 64-bit difference hash as 16 hex digits. */
  dhash: string | null;
  /** Other photos with the same content hash. */
  exactDuplicateIds: number[];
  /**
   * pending (faces not looked for yet), done (faces stored), none (looked, found none), skipped
   * (faces disabled) or error, with faceStateReason saying why for the last two.
   */
  faceState: string;
  faceStateReason: string | null;
}

/** A face in a photo; its thumbnail is media kind 'face' addressed by the face id. */
export interface PhotoFace {
  id: number;
  /** In the photo's oriented pixels (PhotoSummary width x height). */
  box: { x: number; y: number; width: number; height: number };
  /** [x, y] in the same pixels: subject's right eye, left eye, nose tip, mouth centre, right ear, left ear. */
  keypoints: [number, number][];
  /** Detector confidence 0..1. */
  score: number;
  /** 0..1 from face size, sharpness and frontalness; null until computed. */
  quality: number | null;
  personId: number | null;
  /** In a video: seconds from its start to the frame the face was found in (box and keypoints are that frame's); null in a photo. */
  frameSeconds: number | null;
}

export interface DuplicateGroup {
  kind: 'exact' | 'near';
  /** Largest dHash Hamming distance inside the group (0 for exact duplicates). */
  maxDistance: number;
  /** Hidden photos are left out; a group with fewer than two photos left is not listed. */
  photos: PhotoSummary[];
  /** The photo Facet suggests keeping: the largest, then the sharpest, then the earliest. */
  keeper: DuplicateKeeper;
  /** Where each photo's file is, in the order of photos. */
  members: DuplicateMember[];
}

export interface IndexErrorInfo {
  id: number;
  sourceId: number | null;
  path: string;
  /** Pipeline step that failed: scan, read, detect-type, metadata, decode, thumbnail, faces ... */
  stage: string;
  reason: string;
  at: string;
}

export interface EventInfo {
  id: number;
  name: string;
  photoCount: number;
  /**
   * Capture-time span of its photos as local wall clock (YYYY-MM-DDTHH:MM:SS), of the dated ones
   * only: null when it has no photo with a capture time.
   */
  startsAt: string | null;
  endsAt: string | null;
  coverPhotoId: number | null;
  createdAt: string;
}

/** A person of the library seen in an event's photos. */
export interface EventPerson {
  person: PersonSummary;
  /** How many of the event's photos they are in (their photoCount is of the whole library). */
  photoCount: number;
}

export interface EventSuggestion {
  id: number;
  /** A name from its capture times and town ("Saturday afternoon in Lisbon, 12 Jul 2025"), editable on accepting. */
  name: string;
  startsAt: string;
  endsAt: string;
  photoCount: number;
  coverPhotoId: number | null;
}

export interface EventChange {
  event: EventInfo;
  /** Photos this call added or removed (already members, or not members, count zero). */
  changed: number;
}

export interface ShareExportResult {
  destination: string;
  format: 'folder' | 'zip';
  photos: number;
  /** Package files rendered or copied by this export / kept from the previous one unchanged. */
  written: number;
  reused: number;
  /** Bytes on disk of the package as written, measured: every file of the folder, or the zip file. */
  bytes: number;
  /** Photos of the selection left out, or exported without their original, each with the reason. */
  skipped: { photoId: number; fileName: string; reason: string }[];
}

/** The size of an export before it is written (estimateEventExport). */
export interface ShareExportEstimate {
  /** Bytes on disk the package(s) would take: exact for packages of a few photos, from a sample beyond. */
  bytes: number;
  /** Packages the export would write: 1, or one per guest with photos. */
  packages: number;
}

export interface ShareImportResult {
  destination: string;
  eventName: string;
  photos: number;
  files: number;
  bytes: number;
}

export interface SharedLocationInfo {
  kind: 'folder' | 's3';
  /** The folder path, or s3://bucket/prefix/. */
  root: string;
}

/** Something in a shared location that was not used, and why (someone else wrote it). */
export interface SyncRefusal {
  key: string;
  reason: string;
  detail: string;
}

export interface EventSyncResult {
  eventId: number;
  /** Log entries this library wrote (photos added or removed, a new name). */
  pushed: number;
  /** Photos others shared that this library's event gained. */
  pulled: number;
  /** Photos the event lost: removed by someone, or near-duplicates of a kept one. */
  removed: number;
  /** Adds of content already shared plus near-duplicates left out, over the whole shared event. */
  collapsedDuplicates: number;
  /** Libraries with accepted log segments, this one included. */
  contributors: number;
  objectsWritten: number;
  segmentsWritten: number;
  /** Photos of the event in the shared state (what every synced library converges to). */
  sharedPhotos: number;
  /** Photos fetched with faces another library shared, taken as they were (same face model): nothing detected here. */
  facesReused?: number;
  /** Photos fetched with shared faces that were not usable (another model version, invalid: see refusals): detected here. */
  facesRecomputed?: number;
  refusals: SyncRefusal[];
  /** This library's photos not shared, each with the reason. */
  skipped: { photoId: number; fileName: string; reason: string }[];
}

export interface EventSyncStatus {
  eventId: number;
  linked: boolean;
  location: SharedLocationInfo | null;
  /** The id this library writes its log under. */
  contributorId: string;
  shareOriginals: boolean;
  shareFaces: boolean;
  lastSyncAt: string | null;
  lastResult: EventSyncResult | null;
}

export interface ApiOutputs
  extends PeopleApiOutputs, GuestsApiOutputs, PlacesApiOutputs, OrganizeApiOutputs, LibraryCareApiOutputs, ShareImportApiOutputs, AutoSyncApiOutputs {
  getStatus: LibraryStatus;
  listSources: SourceInfo[];
  getLibrarySettings: LibrarySettings;
  setLibrarySettings: LibrarySettings;
  addFolderSource: SourceInfo;
  addS3Source: SourceInfo;
  removeSource: { removed: boolean };
  rescanSource: { started: boolean };
  pauseIndexing: { paused: true };
  resumeIndexing: { paused: false };
  retryFailedFiles: { files: number; faces: number };
  retryJobs: { retried: number };
  listPhotos: PhotoPage;
  getTimeline: TimelineBucket[];
  getPhoto: PhotoDetail;
  listPhotoFaces: PhotoFace[];
  listDuplicates: DuplicateGroup[];
  listErrors: IndexErrorInfo[];
  listEvents: EventInfo[];
  createEvent: EventInfo;
  renameEvent: EventInfo;
  deleteEvent: { deleted: boolean };
  addPhotosToEvent: EventChange;
  removePhotosFromEvent: EventChange;
  listEventPhotos: PhotoPage;
  listEventPeople: EventPerson[];
  suggestEvents: EventSuggestion[];
  listEventSuggestions: EventSuggestion[];
  acceptEventSuggestion: EventInfo;
  dismissEventSuggestion: { dismissed: boolean };
  exportEvent: ShareExportResult;
  exportEventForEveryone: ShareEveryoneResult;
  estimateEventExport: ShareExportEstimate;
  importSharePackage: ShareImportResult;
  linkEventToSharedLocation: EventSyncStatus;
  syncEvent: EventSyncResult;
  getEventSyncStatus: EventSyncStatus;
}

export type ApiOutput<M extends ApiMethod> = ApiOutputs[M];

/** The engine side of the contract: what every transport calls after validating the input. */
export type FacetApi = {
  [M in ApiMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>>;
};

export interface IndexProgress {
  sourceId: number;
  phase: 'scanning' | 'indexing' | 'idle';
  total: number;
  done: number;
  errors: number;
  /** Files that were unchanged since the last scan and cost nothing. */
  skipped: number;
  ratePerSecond: number;
  etaSeconds: number | null;
  startedAt: string;
}

export type FacetEvent =
  | { type: 'index-progress'; progress: IndexProgress }
  /** An event sync at work: objects pushed, fetched, then the fetched photos indexed. */
  | { type: 'sync-progress'; eventId: number; phase: 'pushing' | 'fetching' | 'indexing'; done: number; total: number }
  /** Something the UI shows changed in these domains; each view rereads only what depends on them. */
  | { type: 'changed'; domains: readonly ChangeDomain[] }
  /**
   * Anything may have changed (the engine process restarted, so what it announced meanwhile is
   * lost): every view rereads, and internal listeners treat it as a change in every domain.
   */
  | { type: 'library-changed' };

/**
 * What a 'changed' event is about. A change names the domains it wrote; which reads depend on
 * which domain is the renderer's business (src/renderer/src/data/invalidation.ts).
 * - photos: photos of the library (added, gone, metadata, thumbnails, their faces as found);
 * - people: people and the faces they are made of (clustering, names, merges, corrections);
 * - events: events, their photos, guests, suggestions and sync state;
 * - sources: the sources and their state (scanning, paused, error);
 * - jobs: background work finished or failed (an indexing run), as getStatus reports it;
 * - marks: the user's favourites, ratings and hidden photos (what the photo lists show of them).
 */
export type ChangeDomain = 'photos' | 'people' | 'events' | 'sources' | 'jobs' | 'marks';

/** Whether `event` may have changed something in one of `domains` ('library-changed' changes them all). */
export function changesAny(event: FacetEvent, domains: readonly ChangeDomain[]): boolean {
  if (event.type === 'library-changed') return true;
  return event.type === 'changed' && event.domains.some((domain) => domains.includes(domain));
}

/** 'face' is addressed by a face id (PhotoFace.id), the others by a photo id. */
export type MediaKind = 'thumb' | 'preview' | 'original' | 'face';
export const mediaKinds: readonly MediaKind[] = ['thumb', 'preview', 'original', 'face'];

export type ApiErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'unavailable' | 'internal';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}

/** Thrown by the engine with a code the transports map to IPC errors, HTTP statuses and exit codes. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiInputs, name);
}

/** Validates an untrusted (method, input) pair; throws ApiError('invalid_input') naming the problem. */
export function parseApiCall<M extends ApiMethod>(
  method: string,
  input: unknown,
): {
  method: M;
  input: ApiParsedInput<M>;
} {
  if (!isApiMethod(method)) throw new ApiError('invalid_input', `unknown method: ${method}`);
  const result = apiInputs[method].safeParse(input ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    throw new ApiError('invalid_input', `${method}: ${issues.join('; ')}`);
  }
  return { method: method as M, input: result.data as ApiParsedInput<M> };
}

/** What the renderer talks to: implemented over IPC in Electron and over HTTP in web mode. */
export interface FacetClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  subscribe(listener: (event: FacetEvent) => void): () => void;
  mediaUrl(kind: MediaKind, photoId: number): string;
  /** Native folder dialog; null in web mode, where the user types a path. */
  pickFolder: (() => Promise<string | null>) | null;
  /** Native file dialog for a .zip share package; null in web mode. */
  pickSharePackage: (() => Promise<string | null>) | null;
}
