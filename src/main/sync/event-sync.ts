/**
 * One sync of one event: push what changed here since the last sync, then bring this library's
 * event to the shared state. Both sides are idempotent, so a sync killed at any point is simply
 * run again: objects already written are skipped, and until its segment is written a push has
 * not happened at all (the segment is written last).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type EventSyncResult, type FacetEvent, type SyncRefusal } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import { EventsRepository } from '../catalog/events-repo';
import type { LibraryLayout } from '../catalog/layout';
import type { LocalEventPhoto, SyncLinkRow, SyncRepository } from '../catalog/sync-repo';
import type { FaceStore } from '../library/face-store';
import { fetchedRelPath, fetchPhoto } from './fetch';
import type { SharedLocation } from './location';
import { readLog } from './log-reader';
import { segmentKey, segmentSchema, syncFormat, syncFormatVersion, SyncRefusedError, type LogEntry, type LogSegment, type SyncLimits } from './log-format';
import { collapseDuplicates, mergeSegments, type SharedPhoto } from './merge';
import { NotShareableError, Publisher } from './publish';
import { judgeSharedFaces } from './shared-faces';

export interface EventSyncContext {
  catalog: Catalog;
  layout: LibraryLayout;
  repo: SyncRepository;
  events: EventsRepository;
  limits: SyncLimits;
  /** Null when faces are off. */
  faces: FaceStore | null;
  /** Scans and indexes a source; resolves once its files are committed. */
  indexSource(sourceId: number): Promise<void>;
  emit(event: FacetEvent): void;
}

const segmentWriteAttempts = 5;

export async function syncEventOnce(
  ctx: EventSyncContext,
  eventId: number,
  link: SyncLinkRow,
  location: SharedLocation,
): Promise<EventSyncResult> {
  const { repo, events } = ctx;
  const progress = (phase: 'pushing' | 'fetching' | 'indexing', done: number, total: number) =>
    ctx.emit({ type: 'sync-progress', eventId, phase, done, total });
  const me = repo.contributorId();
  const eventName = () => events.get(eventId)?.name ?? '';

  // Push: photos added here since the last sync that nobody shared yet, and photos removed here.
  const before = await readLog(location, ctx.limits);
  const shared = mergeSegments(before.segments);
  const local = localByIdentity(repo, repo.localPhotos(eventId));
  const snapshot = repo.members(eventId);
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
  const name = eventName();
  // A first sync adopts the shared name; afterwards a local rename is shared.
  const renamedHere = shared.eventName === null || (link.syncedName !== null && name !== link.syncedName);
  if (renamedHere && name !== shared.eventName) entries.push({ op: 'event', name });

  let mine: LogSegment | null = null;
  if (entries.length > 0) mine = await writeSegment(location, me, (before.lastSeq.get(me) ?? 0) + 1, entries);
  const after = mine ? mergeSegments([...before.segments, mine]) : shared;
  const { kept, exactDuplicates, nearDuplicates } = collapseDuplicates(after.alive);

  // Pull: the shared photos this event lacks, from this library when it has the content already.
  const refusals: SyncRefusal[] = before.refusals.map(toRefusal);
  let pulled = 0;
  const faceTally = { reused: 0, recomputed: 0 };
  const toFetch: SharedPhoto[] = [];
  for (const photo of kept.values()) {
    if (local.has(photo.sha256)) continue;
    const fileId = photo.entry.object.kind === 'original' ? repo.fileWithContent(photo.sha256) : null;
    if (fileId !== null) pulled += events.addPhotos(eventId, [fileId]) > 0 ? 1 : 0;
    else toFetch.push(photo);
  }
  if (toFetch.length > 0) pulled += await fetchAndIndex(ctx, eventId, link, location, toFetch, refusals, faceTally, progress);

  // Photos removed by someone, and near-duplicates of a kept photo, leave the event (never the disk).
  let removed = 0;
  for (const [sha256, photos] of localByIdentity(repo, repo.localPhotos(eventId))) {
    if (kept.has(sha256) || unshared.has(sha256) || !after.known.has(sha256)) continue;
    removed += events.removePhotos(eventId, photos.map((p) => p.id)) > 0 ? 1 : 0;
  }
  if (after.eventName !== null && after.eventName !== eventName()) events.rename(eventId, after.eventName);

  const result: EventSyncResult = {
    eventId,
    pushed: entries.length,
    pulled,
    removed,
    collapsedDuplicates: exactDuplicates + nearDuplicates,
    contributors: after.contributors.size,
    objectsWritten: publisher.objectsWritten,
    segmentsWritten: mine ? 1 : 0,
    sharedPhotos: kept.size,
    facesReused: faceTally.reused,
    facesRecomputed: faceTally.recomputed,
    refusals,
    skipped,
  };
  repo.finish(eventId, eventName(), localByIdentity(repo, repo.localPhotos(eventId)).keys(), result);
  ctx.emit({ type: 'library-changed' });
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

/** Written last and only once complete; a key taken already (a second process of this library) moves on. */
async function writeSegment(location: SharedLocation, me: string, firstSeq: number, entries: LogEntry[]): Promise<LogSegment> {
  for (let seq = firstSeq; seq < firstSeq + segmentWriteAttempts; seq++) {
    const segment = segmentSchema.parse({
      format: syncFormat,
      formatVersion: syncFormatVersion,
      contributorId: me,
      seq,
      createdAt: new Date().toISOString(),
      entries,
    });
    if ((await location.writeNew(segmentKey(me, seq), Buffer.from(JSON.stringify(segment)))) === 'written') return segment;
  }
  throw new ApiError('conflict', `another process of this library is writing to ${location.label}; sync again`);
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
  ctx.emit({ type: 'sources-changed' });
  return source.id;
}

function toRefusal(error: SyncRefusedError): SyncRefusal {
  return { key: error.key, reason: error.reason, detail: error.detail };
}
