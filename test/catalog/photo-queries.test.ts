import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { Catalog, libraryLayout, seedSyntheticPhotos } from '../../src/main/catalog';
import { gridOrder } from '../../src/main/catalog/photo-queries';
import { sortKeyOf } from '../../src/main/catalog/time';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-queries-'));
const count = 20_000;

describe('photo listing over a big seeded catalog', () => {
  let engine: FacetEngine;
  let sourceId: number;

  beforeAll(async () => {
    ({ sourceId } = await seedSyntheticPhotos(dir, count, { withThumbs: true, undatedEvery: 1000 }));
    await seedSyntheticPhotos(dir, 10);
    engine = await openEngine({ libraryDir: dir });
  });
  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pages newest first with undated photos last and a stable order', async () => {
    const all = await engine.api.listPhotos({ offset: 0, limit: 2000, sourceId });
    expect(all.total).toBe(count);
    const taken = all.items.map((p) => p.takenAt).filter((t): t is string => t !== null);
    expect(taken).toEqual([...taken].sort().reverse());
    const tail = await engine.api.listPhotos({ offset: count - 30, limit: 30, sourceId });
    expect(tail.items.slice(-20).every((p) => p.takenAt === null)).toBe(true);
    const undatedIds = tail.items.slice(-20).map((p) => p.id);
    expect(undatedIds).toEqual([...undatedIds].sort((a, b) => b - a));
    const again = await engine.api.listPhotos({ offset: 1000, limit: 5, sourceId });
    expect(again.items.map((p) => p.id)).toEqual(all.items.slice(1000, 1005).map((p) => p.id));
    expect(all.items[0]).toMatchObject({ hasThumb: true, missing: false, mediaType: 'image', width: 4000 });
    expect((await engine.api.listPhotos({ offset: 0, limit: 1 })).total).toBe(count + 10);
  });

  it('builds month buckets whose offsets point into the listing', async () => {
    const timeline = await engine.api.getTimeline({ sourceId });
    expect(timeline.at(-1)).toMatchObject({ month: 'undated', count: count / 1000, firstOffset: count - count / 1000 });
    expect(timeline.reduce((sum, b) => sum + b.count, 0)).toBe(count);
    for (const bucket of timeline.slice(0, -1).filter((_, i) => i % 25 === 0)) {
      const [first] = (await engine.api.listPhotos({ offset: bucket.firstOffset, limit: 1, sourceId })).items;
      expect(first?.takenAt?.slice(0, 7)).toBe(bucket.month);
      const [previous] = (await engine.api.listPhotos({ offset: bucket.firstOffset - 1, limit: 1, sourceId })).items;
      if (bucket.firstOffset > 0) expect(previous?.takenAt?.slice(0, 7)).not.toBe(bucket.month);
    }
  });

  it('serves the seeded thumbnail through the catalog', async () => {
    const [photo] = (await engine.api.listPhotos({ offset: 0, limit: 1, sourceId })).items;
    const thumb = engine.resolveMedia('thumb', photo!.id);
    expect(thumb?.contentType).toBe('image/webp');
    expect(fs.existsSync(thumb!.path!)).toBe(true);
    expect(engine.resolveMedia('preview', photo!.id)).toBeNull();
  });

  it('answers the grid queries and the status counts from indexes, without sorting or reading the table', () => {
    const catalog = Catalog.open(libraryLayout(dir).catalogFile);
    try {
      const plan = (sql: string, ...params: unknown[]) =>
        (catalog.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
      const listed = `state IN ('indexed', 'missing')`;
      const all = plan(`SELECT id FROM files f WHERE f.${listed} ${gridOrder} LIMIT 100 OFFSET 5000`);
      expect(all).toMatch(/USING INDEX files_grid/);
      expect(all).not.toMatch(/TEMP B-TREE/);
      const one = plan(`SELECT id FROM files f WHERE f.source_id = ? AND f.${listed} ${gridOrder} LIMIT 100`, sourceId);
      expect(one).toMatch(/USING INDEX files_source_grid/);
      expect(one).not.toMatch(/TEMP B-TREE/);
      // Capture-time ranges (events, guests) keep their index.
      expect(plan(`SELECT id FROM files f WHERE f.sort_time BETWEEN ? AND ? AND f.${listed}`, 0, 1)).toMatch(/files_timeline/);
      expect(plan(`SELECT id FROM files WHERE state = 'pending' ORDER BY id LIMIT 8`)).toMatch(/files_pending/);
      // getStatus's counts, taken at every call, read narrow indexes instead of every row.
      expect(plan(`SELECT count(*) FROM files WHERE state = 'indexed' AND media_type = 'image'`)).toMatch(/COVERING INDEX files_indexed_by_media/);
      expect(plan(`SELECT count(*) FROM files WHERE state = 'missing'`)).toMatch(/COVERING INDEX/);
      expect(plan(`SELECT count(*) FROM faces WHERE forgotten_at IS NULL`)).toMatch(/COVERING INDEX faces_live/);
    } finally {
      catalog.close();
    }
  });
});

describe('undated photos in the grid', () => {
  const undatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-undated-'));
  let engine: FacetEngine;
  let sourceId: number;
  const undatedIds: number[] = [];

  beforeAll(async () => {
    ({ sourceId } = await seedSyntheticPhotos(undatedDir, 300));
    // What indexing stores for a file without a capture time: its modification time as the sort
    // key, here in the months of the dated photos (a copy made in 2024 of an old scan).
    const catalog = Catalog.open(libraryLayout(undatedDir).catalogFile);
    try {
      const rows = catalog.db.prepare('SELECT id, sort_time AS time FROM files ORDER BY id').all() as { id: number; time: number }[];
      const update = catalog.db.prepare('UPDATE files SET taken_at = NULL, mtime_ms = ?, sort_time = ?, sort_month = ? WHERE id = ?');
      for (const row of rows.filter((_, i) => i % 50 === 7)) {
        const key = sortKeyOf(null, row.time + new Date(row.time).getTimezoneOffset() * 60_000);
        update.run(row.time, key.sortTime, key.sortMonth, row.id);
        expect(key.sortMonth).toMatch(/^2024-/);
        undatedIds.push(row.id);
      }
    } finally {
      catalog.close();
    }
    engine = await openEngine({ libraryDir: undatedDir });
  });
  afterAll(async () => {
    await engine?.close();
    fs.rmSync(undatedDir, { recursive: true, force: true });
  });

  it('groups them in one Undated bucket after every month, whatever their file time', async () => {
    const timeline = await engine.api.getTimeline({ sourceId });
    expect(timeline.filter((b) => b.month === 'undated')).toHaveLength(1);
    expect(timeline.at(-1)).toEqual({ month: 'undated', count: undatedIds.length, firstOffset: 300 - undatedIds.length });
    expect(await engine.api.getTimeline({})).toEqual(timeline);

    const page = await engine.api.listPhotos({ offset: 0, limit: 300 });
    const dated = page.items.slice(0, 300 - undatedIds.length);
    const undated = page.items.slice(300 - undatedIds.length);
    expect(dated.every((p) => p.takenAt !== null)).toBe(true);
    expect(undated.map((p) => p.id).sort((a, b) => a - b)).toEqual(undatedIds);
    // Each month bucket holds exactly the photos of that capture month.
    for (const bucket of timeline.slice(0, -1)) {
      const items = page.items.slice(bucket.firstOffset, bucket.firstOffset + bucket.count);
      expect(new Set(items.map((p) => p.takenAt!.slice(0, 7)))).toEqual(new Set([bucket.month]));
    }
    expect((await engine.api.listPhotos({ offset: 0, limit: 300, sourceId })).items).toEqual(page.items);
  });
});
