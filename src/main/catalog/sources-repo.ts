import type { SourceKind, SourceState } from '../../shared/api';
import type { Db } from './database';
import { nowIso } from './time';

export interface SourceRow {
  id: number;
  kind: SourceKind;
  root: string;
  label: string;
  /** Non-secret settings as JSON (bucket region, endpoint ...); credentials live in the OS keychain. */
  config: string;
  state: SourceState;
  stateReason: string | null;
  addedAt: string;
  lastScanAt: string | null;
}

export interface SourceCounts {
  photoCount: number;
  videoCount: number;
  missingCount: number;
  errorCount: number;
}

const columns = `id, kind, root, label, config, state, state_reason AS stateReason,
  added_at AS addedAt, last_scan_at AS lastScanAt`;

export class SourcesRepository {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly deleteStmt;
  private readonly setStateStmt;
  private readonly setScannedStmt;
  private readonly countsStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, string, string, string, string]>(
      `INSERT INTO sources (kind, root, label, config, added_at) VALUES (?, ?, ?, ?, ?) RETURNING ${columns}`,
    );
    this.getStmt = db.prepare<[number]>(`SELECT ${columns} FROM sources WHERE id = ?`);
    this.listStmt = db.prepare(`SELECT ${columns} FROM sources ORDER BY id`);
    this.deleteStmt = db.prepare<[number]>('DELETE FROM sources WHERE id = ?');
    this.setStateStmt = db.prepare<[string, string | null, number]>('UPDATE sources SET state = ?, state_reason = ? WHERE id = ?');
    this.setScannedStmt = db.prepare<[string, number]>('UPDATE sources SET last_scan_at = ? WHERE id = ?');
    this.countsStmt = db.prepare<[number, number]>(`
      SELECT
        count(*) FILTER (WHERE state = 'indexed' AND media_type = 'image') AS photoCount,
        count(*) FILTER (WHERE state = 'indexed' AND media_type = 'video') AS videoCount,
        count(*) FILTER (WHERE state = 'missing') AS missingCount,
        (SELECT count(*) FROM errors WHERE source_id = ?) AS errorCount
      FROM files WHERE source_id = ?`);
  }

  add(kind: SourceKind, root: string, label: string, config: object = {}): SourceRow {
    return this.insertStmt.get(kind, root, label, JSON.stringify(config), nowIso()) as SourceRow;
  }

  get(id: number): SourceRow | null {
    return (this.getStmt.get(id) as SourceRow | undefined) ?? null;
  }

  list(): SourceRow[] {
    return this.listStmt.all() as SourceRow[];
  }

  /** Deletes the source with its files and errors (cascade); true when it existed. */
  remove(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  setState(id: number, state: SourceState, reason: string | null = null): void {
    this.setStateStmt.run(state, reason, id);
  }

  markScanned(id: number, at = nowIso()): void {
    this.setScannedStmt.run(at, id);
  }

  counts(id: number): SourceCounts {
    return this.countsStmt.get(id, id) as SourceCounts;
  }
}
