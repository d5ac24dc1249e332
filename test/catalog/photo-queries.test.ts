import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { Catalog, libraryLayout, seedSyntheticPhotos } from '../../src/main/catalog';

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
    expect(fs.existsSync(thumb!.path)).toBe(true);
    expect(engine.resolveMedia('preview', photo!.id)).toBeNull();
  });

  it('answers the grid queries from indexes, without sorting the table', () => {
    const catalog = Catalog.open(libraryLayout(dir).catalogFile);
    try {
      const plan = (sql: string, ...params: unknown[]) =>
        (catalog.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
      const listed = `state IN ('indexed', 'missing')`;
      const all = plan(`SELECT id FROM files f WHERE f.${listed} ORDER BY f.sort_time DESC, f.id DESC LIMIT 100 OFFSET 5000`);
      expect(all).toMatch(/USING INDEX files_timeline/);
      expect(all).not.toMatch(/TEMP B-TREE/);
      const one = plan(
        `SELECT id FROM files f WHERE f.source_id = ? AND f.${listed} ORDER BY f.sort_time DESC, f.id DESC LIMIT 100`,
        sourceId,
      );
      expect(one).toMatch(/USING INDEX files_source_timeline/);
      expect(one).not.toMatch(/TEMP B-TREE/);
      expect(plan(`SELECT id FROM files WHERE state = 'pending' ORDER BY id LIMIT 8`)).toMatch(/files_pending/);
    } finally {
      catalog.close();
    }
  });
});
