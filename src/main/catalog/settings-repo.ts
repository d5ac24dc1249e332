import type { Db } from './database';
import { nowIso } from './time';

/**
 * Every library setting with the type of its value. A key not stored yet reads as its default,
 * so a new setting needs no migration: only a line here.
 */
export interface LibrarySettings {
  /** The user paused indexing: no file or face work starts until they resume (scans still record changes). */
  indexingPaused: boolean;
  /**
   * "Find very small faces": tile every photo for faces down to 24 px instead of 48 px, at about
   * 4x the detection time (ml/face-detection.ts).
   */
  findSmallFaces: boolean;
  /** Off: no face detection or embedding while indexing (the user's privacy choice; privacy/face-data.ts). */
  faceRecognition: boolean;
  /** Most bytes of previews kept on disk; the least recently viewed go beyond it (disk/preview-cache.ts). Null: no limit. */
  previewCacheMaxBytes: number | null;
  /** A rating set in Facet is also written to an XMP sidecar beside the original (organize/xmp-sidecar.ts). */
  writeXmpSidecars: boolean;
}

const defaults: LibrarySettings = {
  indexingPaused: false,
  findSmallFaces: false,
  faceRecognition: true,
  previewCacheMaxBytes: null,
  writeXmpSidecars: false,
};

/** The settings table (migration 11): one JSON value per key. */
export class SettingsRepository {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string]>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare<[string, string, string]>(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  get<K extends keyof LibrarySettings>(key: K): LibrarySettings[K] {
    const row = this.getStmt.get(key) as { value: string } | undefined;
    return row === undefined ? defaults[key] : (JSON.parse(row.value) as LibrarySettings[K]);
  }

  set<K extends keyof LibrarySettings>(key: K, value: LibrarySettings[K]): void {
    this.setStmt.run(key, JSON.stringify(value), nowIso());
  }
}
