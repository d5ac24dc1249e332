/** The catalog side of S3 rows: versions recorded with their ETag, and download failures retried. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/catalog/catalog';

let dir: string;
let catalog: Catalog;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'facet-object-versions-'));
  catalog = Catalog.open(path.join(dir, 'catalog.sqlite'));
});

afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ObjectVersionsRepository', () => {
  it('records new and changed versions as pending, and brings back missing ones', () => {
    const source = catalog.sources.add('s3', 's3://photos/library/', 'photos');
    const v1 = { relPath: '2024/a.jpg', etag: 'e1', sizeBytes: 10, mtimeMs: 1000 };
    expect(catalog.objects.record(source.id, v1)).toBe('new');
    expect(catalog.objects.live(source.id)).toEqual([{ id: 1, ...v1, state: 'pending' }]);
    expect(catalog.objects.etagOf(1)).toBe('e1');

    expect(catalog.objects.markMissing(source.id, v1.relPath)).toBe(1);
    expect(catalog.objects.live(source.id)).toEqual([]);
    expect(catalog.objects.record(source.id, { ...v1, etag: 'e2' })).toBe('changed');
    expect(catalog.objects.live(source.id)).toEqual([{ id: 1, ...v1, etag: 'e2', state: 'pending' }]);
  });

  it('queues again the rows whose download failed, not the files that failed for their content', () => {
    const source = catalog.sources.add('s3', 's3://photos/library/', 'photos');
    for (const relPath of ['a.jpg', 'b.jpg', 'c.jpg']) {
      catalog.objects.record(source.id, { relPath, etag: relPath, sizeBytes: 1, mtimeMs: 1 });
    }
    for (const file of catalog.files.pending(10)) catalog.files.markError(file);
    catalog.errors.record(source.id, 's3://photos/library/a.jpg', 'download', 'GetObject failed after 8 attempts');
    catalog.errors.record(source.id, 's3://photos/library/b.jpg', 'decode', 'not a JPEG');
    catalog.errors.record(source.id, 's3://photos/library/c.jpg', 'download', 'access denied');

    expect(catalog.objects.retryFailedDownloads(source.id, source.root)).toBe(2);
    const states = Object.fromEntries(catalog.objects.live(source.id).map((row) => [row.relPath, row.state]));
    expect(states).toEqual({ 'a.jpg': 'pending', 'b.jpg': 'error', 'c.jpg': 'pending' });
  });

  it('leaves rows of paused and failed sources out of the indexing queue', () => {
    const paused = catalog.sources.add('s3', 's3://photos/a/', 'a');
    const failed = catalog.sources.add('s3', 's3://photos/b/', 'b');
    const online = catalog.sources.add('s3', 's3://photos/c/', 'c');
    for (const source of [paused, failed, online]) {
      catalog.objects.record(source.id, { relPath: 'x.jpg', etag: 'e', sizeBytes: 1, mtimeMs: 1 });
    }
    catalog.sources.setState(paused.id, 'paused', 'Cannot reach ...');
    catalog.sources.setState(failed.id, 'error', 'InvalidAccessKeyId');
    expect(catalog.files.pending(10).map((file) => file.sourceId)).toEqual([online.id]);
  });
});
