import { ApiError, type EventSyncResult, type EventSyncStatus, type FacetApi, type FacetEvent } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { LibraryLayout } from '../catalog/layout';
import type { FaceStore } from '../library/face-store';
import type { S3ResilienceOptions, SecretStore } from '../sources/s3';
import { syncEventOnce } from './event-sync';
import { joinLocation } from './join';
import { defaultSyncLimits, type SyncLimits } from './log-format';
import { credentialsRefOfLink, locationInfo, openLocation, storeLocation } from './open-location';
import { loadSigningKey } from './signing-key';
import { LinkTrust } from './trust';
import { errorMessage } from '../../shared/error-message';
import { log } from '../log';

export type SyncApi = Pick<FacetApi, 'linkEventToSharedLocation' | 'syncEvent' | 'getEventSyncStatus'>;

export interface SyncServiceContext {
  catalog: Catalog;
  layout: LibraryLayout;
  secretStore: SecretStore;
  /** Scans and indexes a source (the library's run loop); resolves when its files are committed. */
  indexSource(sourceId: number): Promise<void>;
  /** The library's face store: faces shared with the current model are taken, not found again. */
  faceStore?: FaceStore;
  emit(event: FacetEvent): void;
  s3Resilience?: Partial<S3ResilienceOptions>;
  limits?: SyncLimits;
}

/** Event sync over the catalog: the link, sync and status methods of the API contract. */
export function createSyncApi(context: SyncServiceContext): SyncApi {
  const repo = context.catalog.sync;
  const events = context.catalog.events;
  const limits = context.limits ?? defaultSyncLimits;
  const faces = context.faceStore ?? null;
  // Syncs of one event run one after the other; different events may sync at once.
  const running = new Map<number, Promise<EventSyncResult>>();
  let signingKey: ReturnType<typeof loadSigningKey> | null = null;
  const key = () => (signingKey ??= loadSigningKey(context.secretStore, context.layout.libraryDir));

  const requireEvent = (eventId: number) => {
    if (events.get(eventId) === null) throw new ApiError('not_found', `no event with id ${eventId}`);
  };

  const status = (eventId: number): EventSyncStatus => {
    const link = repo.link(eventId);
    return {
      eventId,
      linked: link !== null,
      location: link === null ? null : locationInfo(link),
      contributorId: repo.contributorId(),
      shareOriginals: link?.shareOriginals ?? true,
      shareFaces: link?.shareFaces ?? false,
      lastSyncAt: link?.lastSyncAt ?? null,
      lastResult: link?.lastResult ? (JSON.parse(link.lastResult) as EventSyncResult) : null,
    };
  };

  const runSync = async (eventId: number): Promise<EventSyncResult> => {
    requireEvent(eventId);
    const link = repo.link(eventId);
    if (link === null) throw new ApiError('conflict', `event ${eventId} is not linked to a shared location; link it first`);
    const location = await openLocation(link, repo.contributorId(), context.secretStore, context.s3Resilience);
    try {
      return await syncEventOnce({ ...context, repo, events, limits, faces, signingKey: await key() }, eventId, link, location);
    } finally {
      await location.close();
    }
  };

  return {
    async linkEventToSharedLocation({ eventId, location, shareOriginals, shareFaces }) {
      requireEvent(eventId);
      const stored = await storeLocation(location, context.secretStore);
      const previous = repo.link(eventId);
      // Reachable and listable now, or the user hears it now rather than at the first sync.
      const me = repo.contributorId();
      const opened = await openLocation({ kind: stored.kind, config: JSON.stringify(stored.config) }, me, context.secretStore, context.s3Resilience);
      const trust = new LinkTrust({ pinned: new Map(), unsigned: null });
      try {
        await opened.list('logs/');
        // Joining: this library's public key goes where the others will find it.
        await joinLocation(opened, me, await key(), trust);
      } catch (error) {
        const ref = credentialsRefOfLink({ kind: stored.kind, config: JSON.stringify(stored.config) });
        if (ref !== null) await context.secretStore.delete(ref).catch(() => undefined);
        if (error instanceof ApiError) throw error;
        throw new ApiError('unavailable', `cannot use ${stored.info.root}: ${errorMessage(error)}`);
      } finally {
        await opened.close();
      }
      // Defaults again for callers that skip the contract's parsing (tests, the engine used as a library).
      repo.saveLink({ eventId, kind: stored.kind, config: stored.config, shareOriginals: shareOriginals ?? true, shareFaces: shareFaces ?? false });
      repo.pinKeys(eventId, trust.changes().pinned);
      const oldRef = previous && credentialsRefOfLink(previous);
      if (oldRef) {
        await context.secretStore.delete(oldRef).catch((error: unknown) => log.warn(`cannot delete the keys of the previous sync location`, error));
      }
      return status(eventId);
    },

    async syncEvent({ eventId }) {
      const previous = running.get(eventId) ?? Promise.resolve(null);
      const next = previous.catch(() => null).then(() => runSync(eventId));
      running.set(eventId, next);
      try {
        return await next;
      } finally {
        if (running.get(eventId) === next) running.delete(eventId);
      }
    },

    async getEventSyncStatus({ eventId }) {
      requireEvent(eventId);
      return status(eventId);
    },
  };
}
