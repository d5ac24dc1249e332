/**
 * One sync of one event: push what changed here since the last sync, then bring this library's
 * event to the shared state. Both sides are idempotent, so a sync that fails or is killed at any
 * point is simply run again: objects already written are skipped, and until its segment is
 * written a push has not happened at all (the segment is written last). Everything that can be
 * refused (the event's name) is checked before the first object is written, and a failure of the
 * location reaches the user as one sentence saying which of the two halves happened.
 */
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type EventSyncResult, type FacetEvent, type SyncRefusal } from '../../shared/api';
import { nameSchema } from '../../shared/names';
import type { Catalog } from '../catalog/catalog';
import { EventsRepository } from '../catalog/events-repo';
import type { LibraryLayout } from '../catalog/layout';
import type { LocalEventPhoto, SyncLinkRow, SyncRepository } from '../catalog/sync-repo';
import type { FaceStore } from '../library/face-store';
import { S3SourceError } from '../sources/s3';
import { fetchedRelPath, fetchPhoto, readObject } from './fetch';
import { joinLocation } from './join';
import type { SharedLocation } from './location';
import { readLog } from './log-reader';
import { SyncRefusedError, type LogEntry, type SyncLimits } from './log-format';
import { collapseDuplicates, mergeSegments, type SharedPhoto } from './merge';
import { NotShareableError, Publisher } from './publish';
import { writeSegments } from './segment-writer';
import { judgeSharedFaces } from './shared-faces';
import { LinkTrust } from './trust';

export interface EventSyncContext {
  catalog: Catalog;
  layout: LibraryLayout;
  repo: SyncRepository;
  events: EventsRepository;
  limits: SyncLimits;
  /** This library's key: every segment it writes is signed with it. */
  signingKey: KeyObject;
  /** Null when faces are off. */
  faces: FaceStore | null;
  /** Scans and indexes a source; resolves once its files are committed. */
  indexSource(sourceId: number): Promise<void>;
  emit(event: FacetEvent): void;
}

export async function syncEventOnce(ctx: EventSyncContext, eventId: number, link: SyncLinkRow, location: SharedLocation): Promise<EventSyncResult> {
  const { repo, events } = ctx;
  const progress = (phase: 'pushing' | 'fetching' | 'indexing', done: number, total: number) =>
    ctx.emit({ type: 'sync-progress', eventId, phase, done, total });
  const me = repo.contributorId();
  const eventName = () => events.get(eventId)?.name ?? '';
  const trust = new LinkTrust({ pinned: repo.pinnedKeys(eventId), unsigned: repo.unsignedSegments(eventId) });

  // Push: photos added here since the last sync that nobody shared yet, and photos removed here.
  const pushed = await beforeSegment(eventId, async () => {
    await joinLocation(location, me, ctx.signingKey, trust);
    const before = await readLog(location, ctx.limits, trust);
    const { pinned, unsigned } = trust.changes();
    repo.pinKeys(eventId, pinned);
    if (unsigned !== null) repo.setUnsignedSegments(eventId, unsigned);
    const shared = mergeSegments(before.segments);
    const local = localByIdentity(repo, repo.localPhotos(eventId));
    const snapshot = repo.members(eventId);
    // Checked before any object is written: a name the log refuses must not leave a push half done.
    const renamed = nameEntry(link, shared.eventName, eventName());
    const publisher = new Publisher(ctx.catalog, ctx.layout, location, ctx.limits, {
      shareOriginals: link.shareOriginals,
      faces: link.shareFaces ? (sha256) => repo.shareableFaces(sha256) : null,
    });
    const entries: LogEntry[] = [];
    const skipped: EventSyncResult['skipped'] = [];
    const unshared = new Set<string>();
    const additions = [...local].filter(([sha256]) => !snapshot.has(sha256) && !shared.alive.has(sha256));
    for (const [index, [sha256, photos]] of additions.entries()) {
      const photo = photos.find((p) => !p.missing) ?? photos[0]!;
      try {
        entries.push(await publisher.publish(photo));
      } catch (error) {
        if (!(error instanceof NotShareableError)) throw error;
        unshared.add(sha256);
        skipped.push({ photoId: photo.id, fileName: photo.relPath.slice(photo.relPath.lastIndexOf('/') + 1), reason: error.message });
      }
      progress('pushing', index + 1, additions.length);
    }
    for (const sha256 of snapshot) {
      const alive = shared.alive.get(sha256);
      if (!local.has(sha256) && alive) entries.push({ op: 'remove', sha256, tags: alive.tags });
    }
    if (renamed !== null) entries.push(renamed);
    const mine = await writeSegments(location, me, ctx.signingKey, (before.lastSeq.get(me) ?? 0) + 1, entries);
    return { before, shared, local, entries, skipped, unshared, mine, objectsWritten: publisher.objectsWritten };
  });
  const { before, shared, local, entries, skipped, unshared, mine } = pushed;
  const after = mine.length > 0 ? mergeSegments([...before.segments, ...mine]) : shared;
  const { kept, exactDuplicates, nearDuplicates } = collapseDuplicates(after.alive);

  // Pull: the shared photos this event lacks, from this library when it has the content already.
  const refusals: SyncRefusal[] = before.refusals.map(toRefusal);
  const faceTally = { reused: 0, recomputed: 0 };
  const pulled = await afterSegment(eventId, async () => {
    let added = 0;
    const toFetch: SharedPhoto[] = [];
    for (const photo of kept.values()) {
      if (local.has(photo.sha256)) continue;
      const fileId = photo.entry.object.kind === 'original' ? repo.fileWithContent(photo.sha256) : null;
      if (fileId === null) {
        toFetch.push(photo);
        continue;
      }
      // Only an add that comes with the photo's bytes counts: a sha256 alone would put any photo of
      // this library into the event for whoever learned its hash.
      try {
        await readObject(location, photo.entry.object, ctx.limits);
        added += events.addPhotos(eventId, [fileId]) > 0 ? 1 : 0;
      } catch (error) {
        if (!(error instanceof SyncRefusedError)) throw error;
        refusals.push(toRefusal(error));
      }
    }
    if (toFetch.length > 0) added += await fetchAndIndex(ctx, eventId, link, location, toFetch, refusals, faceTally, progress);
    return added;
  });

  // Photos removed by someone, and near-duplicates of a kept photo, leave the event (never the disk).
  let removed = 0;
  for (const [sha256, photos] of localByIdentity(repo, repo.localPhotos(eventId))) {
    if (kept.has(sha256) || unshared.has(sha256) || !after.known.has(sha256)) continue;
    removed +=
      events.removePhotos(
        eventId,
        photos.map((p) => p.id),
      ) > 0
        ? 1
        : 0;
  }
  if (after.eventName !== null && after.eventName !== eventName()) events.rename(eventId, after.eventName);

  const result: EventSyncResult = {
    eventId,
    pushed: entries.length,
    pulled,
    removed,
    collapsedDuplicates: exactDuplicates + nearDuplicates,
    contributors: after.contributors.size,
    objectsWritten: pushed.objectsWritten,
    segmentsWritten: mine.length,
    sharedPhotos: kept.size,
    facesReused: faceTally.reused,
    facesRecomputed: faceTally.recomputed,
    refusals,
    skipped,
  };
  repo.finish(eventId, eventName(), localByIdentity(repo, repo.localPhotos(eventId)).keys(), result);
  ctx.emit({ type: 'changed', domains: ['photos', 'people', 'events'] });
  return result;
}

/** The event's photos by shared identity (several local files may hold the same content). */
function localByIdentity(repo: SyncRepository, photos: readonly LocalEventPhoto[]): Map<string, LocalEventPhoto[]> {
  const byIdentity = new Map<string, LocalEventPhoto[]>();
  for (const photo of photos) {
    const identity = repo.identityOf(photo.sha256);
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), photo]);
  }
  return byIdentity;
}

/**
 * The event entry to push, or null: a first sync adopts the shared name, afterwards a local
 * rename is shared. A name from before names were checked may not be shareable: the user hears
 * it before anything is written.
 */
function nameEntry(link: SyncLinkRow, sharedName: string | null, localName: string): LogEntry | null {
  const renamedHere = sharedName === null || (link.syncedName !== null && localName !== link.syncedName);
  if (!renamedHere || localName === sharedName) return null;
  const checked = nameSchema.safeParse(localName);
  if (!checked.success) {
    throw new ApiError('invalid_input', `the event's name cannot be shared: ${checked.error.issues[0]!.message}; rename the event, then sync again`);
  }
  return { op: 'event', name: checked.data };
}

/** A failure of the shared location or the disk (not a refusal, not a bug). */
function isLocationFailure(error: unknown): error is Error {
  return error instanceof S3SourceError || (error instanceof Error && !(error instanceof ApiError) && 'syscall' in error);
}

/** Runs the push: a location failure there means nothing was shared. */
async function beforeSegment<T>(eventId: number, push: () => Promise<T>): Promise<T> {
  try {
    return await push();
  } catch (error) {
    if (!isLocationFailure(error)) throw error;
    throw new ApiError(
      'unavailable',
      `sync of event ${eventId} stopped before its log segment was written (${error.message}): nothing was shared; ` +
        `the objects written so far are used when you sync again`,
    );
  }
}

/** Runs the pull: a location failure there comes after this library's changes were shared. */
async function afterSegment<T>(eventId: number, pull: () => Promise<T>): Promise<T> {
  try {
    return await pull();
  } catch (error) {
    if (!isLocationFailure(error)) throw error;
    throw new ApiError(
      'unavailable',
      `sync of event ${eventId} shared its changes but stopped while taking the others' (${error.message}); sync again to finish`,
    );
  }
}

async function fetchAndIndex(
  ctx: EventSyncContext,
  eventId: number,
  link: SyncLinkRow,
  location: SharedLocation,
  photos: readonly SharedPhoto[],
  refusals: SyncRefusal[],
  faceTally: { reused: number; recomputed: number },
  progress: (phase: 'fetching' | 'indexing', done: number, total: number) => void,
): Promise<number> {
  const sourceId = await syncedSource(ctx, eventId, link);
  const root = ctx.catalog.sources.get(sourceId)!.root;
  const fetched: SharedPhoto[] = [];
  for (const [index, photo] of photos.entries()) {
    try {
      const rel = await fetchPhoto(location, photo, root, ctx.limits);
      fetched.push(photo);
      await takeSharedFaces(ctx, photo, path.join(root, ...rel.split('/')), refusals, faceTally);
    } catch (error) {
      if (!(error instanceof SyncRefusedError)) throw error;
      refusals.push(toRefusal(error));
    }
    progress('fetching', index + 1, photos.length);
  }
  progress('indexing', 0, fetched.length);
  await ctx.indexSource(sourceId);
  progress('indexing', fetched.length, fetched.length);
  let added = 0;
  for (const photo of fetched) {
    const row = ctx.repo.fileInSource(sourceId, fetchedRelPath(photo));
    if (row?.state !== 'indexed' || row.sha256 === null) {
      refusals.push({ key: fetchedRelPath(photo), reason: 'not-indexed', detail: 'fetched, but indexing it failed; see the errors list' });
      continue;
    }
    ctx.repo.recordRendition(row.sha256, photo.sha256);
    added += ctx.events.addPhotos(eventId, [row.id]) > 0 ? 1 : 0;
  }
  return added;
}

/**
 * Before the fetched photo is indexed: faces shared with it by this library's face model are
 * stored for its content, so its indexing only crops their thumbnails; others are found here.
 */
async function takeSharedFaces(
  ctx: EventSyncContext,
  photo: SharedPhoto,
  file: string,
  refusals: SyncRefusal[],
  tally: { reused: number; recomputed: number },
): Promise<void> {
  const shared = photo.entry.faces;
  const modelId = ctx.faces?.runtime.modelId ?? null;
  const current = modelId === null ? null : ctx.catalog.faces.modelRef(modelId);
  if (shared === undefined || current === null || ctx.catalog.faces.hasFaces(photo.sha256)) return;
  const verdict = await judgeSharedFaces(shared, current, { path: file, isOriginal: photo.entry.object.kind === 'original' });
  if (verdict.kind === 'use' && ctx.catalog.transaction(() => ctx.faces!.storeShared(photo.sha256, verdict.faces, current))) {
    tally.reused += 1;
    return;
  }
  tally.recomputed += 1;
  if (verdict.kind === 'invalid') refusals.push({ key: fetchedRelPath(photo), reason: 'invalid-faces', detail: `faces found here instead: ${verdict.reason}` });
}

/** The folder source of the event's fetched photos: <library>/synced/<eventId>/. */
async function syncedSource(ctx: EventSyncContext, eventId: number, link: SyncLinkRow): Promise<number> {
  if (link.sourceId !== null && ctx.catalog.sources.get(link.sourceId) !== null) return link.sourceId;
  const root = path.join(ctx.layout.libraryDir, 'synced', String(eventId));
  await fs.mkdir(root, { recursive: true });
  const source =
    ctx.catalog.sources.list().find((s) => s.kind === 'folder' && s.root === root) ??
    ctx.catalog.sources.add('folder', root, `Synced: ${ctx.events.get(eventId)?.name ?? eventId}`);
  ctx.repo.setSource(eventId, source.id);
  ctx.emit({ type: 'changed', domains: ['sources'] });
  return source.id;
}

function toRefusal(error: SyncRefusedError): SyncRefusal {
  return { key: error.key, reason: error.reason, detail: error.detail };
}
