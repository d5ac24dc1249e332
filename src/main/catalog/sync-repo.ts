import { randomUUID } from 'node:crypto';
import type { MediaType, SourceKind } from '../../shared/api';
import type { Db } from './database';
import { nowIso } from './time';
import { usableFace } from './face-filters';

export interface SyncLinkRow {
  eventId: number;
  kind: 'folder' | 's3';
  /** JSON: { path } for a folder, the S3 config (with a credentials reference, no keys) for S3. */
  config: string;
  shareOriginals: boolean;
  shareFaces: boolean;
  sourceId: number | null;
  syncedName: string | null;
  linkedAt: string;
  lastSyncAt: string | null;
  lastResult: string | null;
}

/** A photo of the event as this library holds it. */
export interface LocalEventPhoto {
  id: number;
  sha256: string;
  sizeBytes: number;
  relPath: string;
  mediaType: MediaType;
  takenAt: string | null;
  dhash: string | null;
  sourceKind: SourceKind;
  root: string;
  missing: boolean;
}

export interface ShareableFaceRow {
  boxX: number;
  boxY: number;
  boxW: number;
  boxH: number;
  score: number;
  /** JSON [[x, y], ...] as faces-repo stores it. */
  landmarks: string | null;
  quality: number | null;
  embedding: Buffer;
  modelName: string;
  modelVersion: string;
  dim: number;
}

interface LinkDbRow extends Omit<SyncLinkRow, 'shareOriginals' | 'shareFaces'> {
  shareOriginals: number;
  shareFaces: number;
}

const linkColumns = `event_id AS eventId, kind, config, share_originals AS shareOriginals, share_faces AS shareFaces,
  source_id AS sourceId, synced_name AS syncedName, linked_at AS linkedAt, last_sync_at AS lastSyncAt, last_result AS lastResult`;

/** Event sync state: who this library is, where each event syncs, and what it held last time. */
export class SyncRepository {
  private readonly identityStmt;
  private readonly insertIdentityStmt;
  private readonly linkStmt;
  private readonly upsertLinkStmt;
  private readonly clearKeysStmt;
  private readonly keysStmt;
  private readonly pinKeyStmt;
  private readonly unsignedStmt;
  private readonly setUnsignedStmt;
  private readonly clearMembersStmt;
  private readonly setSourceStmt;
  private readonly membersStmt;
  private readonly insertMemberStmt;
  private readonly finishStmt;
  private readonly localPhotosStmt;
  private readonly contentFileStmt;
  private readonly sourceFileStmt;
  private readonly identityOfStmt;
  private readonly recordRenditionStmt;
  private readonly facesStmt;

  constructor(private readonly db: Db) {
    this.identityStmt = db.prepare('SELECT contributor_id AS id FROM sync_identity WHERE id = 1');
    this.insertIdentityStmt = db.prepare<[string, string]>(
      'INSERT INTO sync_identity (id, contributor_id, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.linkStmt = db.prepare<[number]>(`SELECT ${linkColumns} FROM sync_links WHERE event_id = ?`);
    this.upsertLinkStmt = db.prepare(`
      INSERT INTO sync_links (event_id, kind, config, share_originals, share_faces, linked_at)
      VALUES (@eventId, @kind, @config, @shareOriginals, @shareFaces, @linkedAt)
      ON CONFLICT (event_id) DO UPDATE SET kind = excluded.kind, config = excluded.config,
        share_originals = excluded.share_originals, share_faces = excluded.share_faces,
        linked_at = excluded.linked_at, synced_name = NULL, last_sync_at = NULL, last_result = NULL,
        unsigned_segments = NULL`);
    this.clearKeysStmt = db.prepare<[number]>('DELETE FROM sync_contributor_keys WHERE event_id = ?');
    this.keysStmt = db.prepare<[number]>('SELECT contributor_id AS contributorId, public_key AS publicKey FROM sync_contributor_keys WHERE event_id = ?');
    this.pinKeyStmt = db.prepare<[number, string, string, string]>(
      'INSERT INTO sync_contributor_keys (event_id, contributor_id, public_key, pinned_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.unsignedStmt = db.prepare<[number]>('SELECT unsigned_segments AS unsigned FROM sync_links WHERE event_id = ?');
    this.setUnsignedStmt = db.prepare<[string, number]>('UPDATE sync_links SET unsigned_segments = ? WHERE event_id = ?');
    this.clearMembersStmt = db.prepare<[number]>('DELETE FROM sync_members WHERE event_id = ?');
    this.setSourceStmt = db.prepare<[number, number]>('UPDATE sync_links SET source_id = ? WHERE event_id = ?');
    this.membersStmt = db.prepare<[number]>('SELECT sha256 FROM sync_members WHERE event_id = ?');
    this.insertMemberStmt = db.prepare<[number, string]>('INSERT OR IGNORE INTO sync_members (event_id, sha256) VALUES (?, ?)');
    this.finishStmt = db.prepare<[string, string, string, number]>(
      'UPDATE sync_links SET synced_name = ?, last_sync_at = ?, last_result = ? WHERE event_id = ?',
    );
    this.localPhotosStmt = db.prepare<[number]>(`
      SELECT f.id, f.sha256, f.size_bytes AS sizeBytes, f.rel_path AS relPath, f.media_type AS mediaType,
        f.taken_at AS takenAt, CASE WHEN f.dhash IS NULL THEN NULL ELSE printf('%016x', f.dhash) END AS dhash,
        s.kind AS sourceKind, s.root, f.state = 'missing' AS missing
      FROM event_photos ep JOIN files f ON f.id = ep.file_id JOIN sources s ON s.id = f.source_id
      WHERE ep.event_id = ? AND f.state IN ('indexed', 'missing') ORDER BY f.id`);
    this.contentFileStmt = db.prepare<[string]>(`SELECT id FROM files WHERE sha256 = ? AND state = 'indexed' ORDER BY id LIMIT 1`);
    this.sourceFileStmt = db.prepare<[number, string]>('SELECT id, sha256, state FROM files WHERE source_id = ? AND rel_path = ?');
    this.identityOfStmt = db.prepare<[string]>('SELECT sha256 FROM sync_renditions WHERE local_sha256 = ?');
    this.recordRenditionStmt = db.prepare<[string, string]>(
      'INSERT INTO sync_renditions (local_sha256, sha256) VALUES (?, ?) ON CONFLICT (local_sha256) DO UPDATE SET sha256 = excluded.sha256',
    );
    this.facesStmt = db.prepare<[string]>(`
      SELECT f.box_x AS boxX, f.box_y AS boxY, f.box_w AS boxW, f.box_h AS boxH, f.det_score AS score, f.embedding,
        f.landmarks, f.quality,
        m.name AS modelName, m.version AS modelVersion, m.dim
      FROM faces f JOIN embedding_models m ON m.id = f.model_id
      WHERE f.sha256 = ? AND ${usableFace('f')} ORDER BY f.id`);
  }

  /** This library's contributor id, created on first use. */
  contributorId(): string {
    this.insertIdentityStmt.run(randomUUID(), nowIso());
    return (this.identityStmt.get() as { id: string }).id;
  }

  link(eventId: number): SyncLinkRow | null {
    const row = this.linkStmt.get(eventId) as LinkDbRow | undefined;
    return row === undefined ? null : { ...row, shareOriginals: row.shareOriginals === 1, shareFaces: row.shareFaces === 1 };
  }

  /** Links (or re-links) an event; what was synced with an earlier location no longer counts. */
  saveLink(link: { eventId: number; kind: 'folder' | 's3'; config: object; shareOriginals: boolean; shareFaces: boolean }): void {
    this.db.transaction(() => {
      this.upsertLinkStmt.run({
        eventId: link.eventId,
        kind: link.kind,
        config: JSON.stringify(link.config),
        shareOriginals: link.shareOriginals ? 1 : 0,
        shareFaces: link.shareFaces ? 1 : 0,
        linkedAt: nowIso(),
      });
      this.clearMembersStmt.run(link.eventId);
      this.clearKeysStmt.run(link.eventId);
    })();
  }

  /** Contributors' public keys pinned for the event's link: contributor id -> key text. */
  pinnedKeys(eventId: number): Map<string, string> {
    const rows = this.keysStmt.all(eventId) as { contributorId: string; publicKey: string }[];
    return new Map(rows.map((row) => [row.contributorId, row.publicKey]));
  }

  /** Pins keys first seen now; a key pinned already stays as it is. */
  pinKeys(eventId: number, keys: ReadonlyMap<string, string>): void {
    this.db.transaction(() => {
      for (const [contributorId, publicKey] of keys) this.pinKeyStmt.run(eventId, contributorId, publicKey, nowIso());
    })();
  }

  /** The unsigned segments the link accepts (contributor id -> seqs), or null before its first signed sync. */
  unsignedSegments(eventId: number): Map<string, Set<number>> | null {
    const text = (this.unsignedStmt.get(eventId) as { unsigned: string | null } | undefined)?.unsigned ?? null;
    if (text === null) return null;
    return new Map(Object.entries(JSON.parse(text) as Record<string, number[]>).map(([id, seqs]) => [id, new Set(seqs)]));
  }

  setUnsignedSegments(eventId: number, segments: ReadonlyMap<string, ReadonlySet<number>>): void {
    this.setUnsignedStmt.run(JSON.stringify(Object.fromEntries([...segments].map(([id, seqs]) => [id, [...seqs].sort((a, b) => a - b)]))), eventId);
  }

  setSource(eventId: number, sourceId: number): void {
    this.setSourceStmt.run(sourceId, eventId);
  }

  members(eventId: number): Set<string> {
    return new Set((this.membersStmt.all(eventId) as { sha256: string }[]).map((row) => row.sha256));
  }

  /** Records the end of a sync: the event's members and name now, and the result to show. */
  finish(eventId: number, syncedName: string, members: Iterable<string>, result: object): void {
    this.db.transaction(() => {
      this.clearMembersStmt.run(eventId);
      for (const sha256 of members) this.insertMemberStmt.run(eventId, sha256);
      this.finishStmt.run(syncedName, nowIso(), JSON.stringify(result), eventId);
    })();
  }

  localPhotos(eventId: number): LocalEventPhoto[] {
    return (this.localPhotosStmt.all(eventId) as (Omit<LocalEventPhoto, 'missing'> & { missing: number })[]).map((row) => ({
      ...row,
      missing: row.missing === 1,
    }));
  }

  /** An indexed file of this content anywhere in the library. */
  fileWithContent(sha256: string): number | null {
    return (this.contentFileStmt.get(sha256) as { id: number } | undefined)?.id ?? null;
  }

  fileInSource(sourceId: number, relPath: string): { id: number; sha256: string | null; state: string } | null {
    return (this.sourceFileStmt.get(sourceId, relPath) as { id: number; sha256: string | null; state: string } | undefined) ?? null;
  }

  /** The shared identity of a local content: itself, unless it is a fetched web rendition. */
  identityOf(localSha256: string): string {
    return (this.identityOfStmt.get(localSha256) as { sha256: string } | undefined)?.sha256 ?? localSha256;
  }

  recordRendition(localSha256: string, sha256: string): void {
    if (localSha256 !== sha256) this.recordRenditionStmt.run(localSha256, sha256);
  }

  /** Current, embedded faces of a content, for a contributor who opted in to share them. */
  shareableFaces(sha256: string): ShareableFaceRow[] {
    return this.facesStmt.all(sha256) as ShareableFaceRow[];
  }
}
