import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Catalog } from './catalog';
import { dhashToInteger } from './files-repo';
import { libraryLayout, type LibraryLayout } from './layout';
import { sortKeyOf } from './time';

export interface SeedOptions {
  /** Record one shared, real WebP thumbnail for every row, so a grid can render them. */
  withThumbs?: boolean;
  /** Every n-th photo has no capture time (and no mtime), to exercise the undated bucket. */
  undatedEvery?: number;
}

export interface SeedResult {
  sourceId: number;
  count: number;
  /** Root of the synthetic source (it does not exist on disk: originals are not servable). */
  root: string;
}

/**
 * Fills a library with `count` indexed, synthetic photo rows in one transaction (a few seconds
 * per 100k): for UI and query-speed tests that need a big catalog without real files. Capture
 * times walk back from 2024 a few hours apart, so the timeline has many months.
 */
export async function seedSyntheticPhotos(libraryDir: string, count: number, options: SeedOptions = {}): Promise<SeedResult> {
  const layout = libraryLayout(libraryDir);
  const thumb = options.withThumbs ? await writeSharedThumb(layout) : null;
  const catalog = Catalog.open(layout.catalogFile);
  try {
    const root = path.join(layout.libraryDir, `synthetic-${crypto.randomUUID()}`);
    const source = catalog.sources.add('folder', root, 'Synthetic photos');
    const insert = catalog.db.prepare(`
      INSERT INTO files (source_id, rel_path, size_bytes, mtime_ms, state, sha256, content_type, media_type,
        taken_at, sort_time, sort_month, width, height, dhash, face_state, indexed_at)
      VALUES (@sourceId, @relPath, 1000, @mtimeMs, 'indexed', @sha256, 'image/jpeg', 'image',
        @takenAt, @sortTime, @sortMonth, 4000, 3000, @dhash, 'pending', @indexedAt)`);
    const insertThumb = catalog.db.prepare(`
      INSERT INTO derivatives (sha256, kind, path, width, height, bytes, created_at)
      VALUES (?, 'thumb', ?, ?, ?, ?, ?)`);
    const start = Date.UTC(2024, 11, 31, 18, 0, 0);
    const indexedAt = new Date().toISOString();
    catalog.transaction(() => {
      for (let i = 0; i < count; i++) {
        const undated = options.undatedEvery !== undefined && i % options.undatedEvery === options.undatedEvery - 1;
        const takenAt = undated ? null : new Date(start - i * 5 * 3600_000).toISOString().slice(0, 19);
        const mtimeMs = undated ? 0 : start - i * 5 * 3600_000;
        const sha256 = crypto.createHash('sha256').update(`synthetic-${source.id}-${i}`).digest('hex');
        insert.run({
          sourceId: source.id,
          relPath: `${String(Math.floor(i / 1000)).padStart(4, '0')}/IMG_${String(i).padStart(7, '0')}.jpg`,
          mtimeMs,
          sha256,
          takenAt,
          ...sortKeyOf(takenAt, mtimeMs),
          dhash: dhashToInteger(sha256.slice(0, 16)),
          indexedAt,
        });
        if (thumb) insertThumb.run(sha256, thumb.path, thumb.width, thumb.height, thumb.bytes, indexedAt);
      }
    });
    return { sourceId: source.id, count, root };
  } finally {
    catalog.close();
  }
}

async function writeSharedThumb(layout: LibraryLayout) {
  const width = 320;
  const height = 240;
  const file = path.join(layout.derivativesDir, 'synthetic', 'thumb.webp');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 160 } } })
    .webp()
    .toFile(file);
  return { path: path.relative(layout.libraryDir, file).split(path.sep).join('/'), width, height, bytes: fs.statSync(file).size };
}
