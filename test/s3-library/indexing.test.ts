/**
 * An S3 source indexed through the engine (openEngine + the API), against s3rver in a child
 * process: every object below the prefix becomes a photo with thumbnails and metadata, the keys
 * never reach the catalog, a re-scan only touches what changed, and refused keys put the source
 * in error with a reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetEvent, IndexProgress } from '../../src/shared/api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import type { SecretStore } from '../../src/main/sources/s3';
import { deleteObject, makeJpeg, md5, putObjects, sha256 } from '../s3/helpers/fixtures';
import type { SeededBucket } from '../s3/helpers/seeded-bucket';
import {
  encryptedSecretStore,
  fileRows,
  filesContaining,
  s3SourceInput,
  sourceById,
  sourceConfigJson,
  startTestBucket,
  testKeys,
  waitFor,
} from './helpers/engine';

const photoCount = 36;
const prefix = 'library/';

let bucket: SeededBucket;
let libraryDir: string;
let secretStore: SecretStore;
let engine: FacetEngine;
let sourceId: number;
const contents = new Map<string, Buffer>(); // rel path below the prefix -> bytes
const events: FacetEvent[] = [];

const lastProgress = (): IndexProgress => {
  const all = events.flatMap((e) => (e.type === 'index-progress' && e.progress.sourceId === sourceId ? [e.progress] : []));
  const last = all.at(-1);
  if (!last) throw new Error('no progress event');
  return last;
};

beforeAll(async () => {
  bucket = await startTestBucket('facet-s3-library-', photoCount);
  libraryDir = path.join(bucket.work, 'library');
  for (const [key, body] of bucket.photos) contents.set(key.slice(prefix.length), body);
  // Not indexed: not media, hidden, outside the prefix.
  const stray = await makeJpeg(999);
  await putObjects(
    bucket.admin,
    'photos',
    new Map([
      ['library/notes.txt', Buffer.from('not a photo')],
      ['library/.hidden/img-9999.jpg', stray],
      ['elsewhere/img-9999.jpg', stray],
    ]),
  );

  secretStore = encryptedSecretStore(libraryDir);
  engine = await openEngine({ libraryDir, threads: 1, secretStore });
  engine.subscribe((event) => events.push(event));
  const source = await engine.api.addS3Source(s3SourceInput(bucket.server.endpoint, { prefix: 'library', label: 'Holiday bucket' }));
  sourceId = source.id;
  expect(source).toMatchObject({ kind: 's3', root: 's3://photos/library/', label: 'Holiday bucket' });
  await engine.indexAll();
});

afterAll(async () => {
  await engine?.close();
  await bucket?.close();
});

describe('an S3 source indexed through the engine', () => {
  it('indexes every object below the prefix once, with thumbnails and metadata', async () => {
    expect(await sourceById(engine, sourceId)).toMatchObject({
      kind: 's3',
      root: 's3://photos/library/',
      state: 'idle',
      stateReason: null,
      photoCount,
      missingCount: 0,
      errorCount: 0,
    });
    const rows = fileRows(libraryDir, sourceId);
    expect(rows.map((row) => row.relPath)).toEqual([...contents.keys()].sort());
    for (const row of rows) {
      const body = contents.get(row.relPath)!;
      // The bytes that were indexed are the object's bytes, and the row keeps the listed ETag.
      expect(row).toEqual({ relPath: row.relPath, state: 'indexed', sha256: sha256(body), etag: md5(body) });
    }

    const page = await engine.api.listPhotos({ offset: 0, limit: 100 });
    expect(page.total).toBe(photoCount);
    expect(page.items.every((photo) => photo.hasThumb && !photo.missing)).toBe(true);

    const nestedKey = [...contents.keys()].find((key) => key.includes('trips/alps/'))!;
    const index = Number(/img-(\d+)/.exec(nestedKey)![1]);
    const summary = page.items.find((photo) => photo.sha256 === sha256(contents.get(nestedKey)!))!;
    const detail = await engine.api.getPhoto({ photoId: summary.id });
    expect(detail).toMatchObject({
      sourceId,
      fileName: path.posix.basename(nestedKey),
      path: `s3://photos/library/${nestedKey}`,
      contentType: 'image/jpeg',
      mediaType: 'image',
      width: 24 + (index % 17),
      height: 16 + (index % 11),
      sizeBytes: contents.get(nestedKey)!.length,
    });
    expect(detail.dhash).toMatch(/^[0-9a-f]{16}$/);

    for (const kind of ['thumb', 'preview'] as const) {
      const media = engine.resolveMedia(kind, summary.id);
      expect(media, kind).not.toBeNull();
      expect(fs.statSync(media!.path!).size).toBeGreaterThan(0);
    }
    // Originals are not kept after indexing: the original is read from the bucket when shown.
    expect(engine.resolveMedia('original', summary.id)).toEqual({ path: null, size: contents.get(nestedKey)!.length, contentType: 'image/jpeg' });
    expect(fs.readdirSync(path.join(libraryDir, 'cache', 's3-staging'))).toEqual([]);

    // (indexAll's scan request merged into the run addS3Source started: a second listing skipped all.)
    expect(lastProgress()).toMatchObject({ phase: 'idle', done: photoCount, errors: 0 });
  });

  it('keeps the keys out of the catalog, the library folder and listSources', async () => {
    const listed = JSON.stringify(await engine.api.listSources({}));
    expect(listed).not.toContain(testKeys.secretAccessKey);
    expect(listed).not.toContain(testKeys.accessKeyId);

    const config = sourceConfigJson(libraryDir, sourceId);
    expect(config.credentialsRef).toMatch(/^s3:/);
    expect(Object.keys(config).sort()).toEqual(['bucket', 'credentialsRef', 'endpoint', 'forcePathStyle', 'maxConcurrency', 'prefix', 'region'].sort());
    // Every byte Facet wrote (catalog, its WAL, the secret store file, caches): no key in plain text.
    expect(fs.existsSync(path.join(libraryDir, 'secrets.json'))).toBe(true);
    expect(filesContaining(libraryDir, testKeys.secretAccessKey)).toEqual([]);
    expect(filesContaining(libraryDir, testKeys.accessKeyId)).toEqual([]);
    // ... yet the store gives them back to the engine.
    expect(await secretStore.get(config.credentialsRef)).toContain(testKeys.secretAccessKey);
  });

  it('re-indexes only what was added or changed, and marks removed objects missing', async () => {
    const keys = [...contents.keys()].sort();
    const added = new Map<string, Buffer>();
    for (const n of [100, 101, 102]) added.set(`2024/12/new-${n}.jpg`, await makeJpeg(n));
    const changed = new Map([
      [keys[1]!, await makeJpeg(201)],
      [keys[2]!, await makeJpeg(202)],
    ]);
    const removed = [keys[3]!, keys[4]!];
    const withPrefix = (map: Map<string, Buffer>) => new Map([...map].map(([key, body]) => [prefix + key, body]));
    await putObjects(bucket.admin, 'photos', withPrefix(added));
    await putObjects(bucket.admin, 'photos', withPrefix(changed));
    for (const key of removed) await deleteObject(bucket.admin, 'photos', prefix + key);

    events.length = 0;
    await engine.indexAll();

    const unchanged = photoCount - changed.size - removed.length;
    expect(lastProgress()).toMatchObject({ phase: 'idle', done: added.size + changed.size, skipped: unchanged, errors: 0 });
    expect(await sourceById(engine, sourceId)).toMatchObject({
      state: 'idle',
      photoCount: photoCount - removed.length + added.size,
      missingCount: removed.length,
      errorCount: 0,
    });
    const rows = new Map(fileRows(libraryDir, sourceId).map((row) => [row.relPath, row]));
    expect(rows.size).toBe(photoCount + added.size); // one row per key, never two
    for (const [key, body] of [...added, ...changed]) {
      expect(rows.get(key)).toMatchObject({ state: 'indexed', sha256: sha256(body), etag: md5(body) });
    }
    for (const key of removed) expect(rows.get(key)?.state).toBe('missing');
  });

  it('puts a source whose keys are refused in error, with a reason and without the keys', async () => {
    // s3rver checks the key id but not SigV4 signatures, so the refused key is an unknown id.
    const wrongSecret = 'wrong-secret-Zq81xv0PLm';
    const bad = await engine.api.addS3Source(
      s3SourceInput(bucket.server.endpoint, { prefix: 'elsewhere/', accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: wrongSecret }),
    );
    expect(bad.root).toBe('s3://photos/elsewhere/');
    const failed = await waitFor('the source to fail', async () => {
      const source = await sourceById(engine, bad.id);
      return source.state === 'error' ? source : null;
    });
    expect(failed.stateReason).toMatch(/InvalidAccessKeyId/);
    expect(failed.stateReason).not.toContain(wrongSecret);
    expect(failed.photoCount).toBe(0);

    const ref = sourceConfigJson(libraryDir, bad.id).credentialsRef;
    expect(await secretStore.get(ref)).not.toBeNull();
    expect(await engine.api.removeSource({ sourceId: bad.id })).toEqual({ removed: true });
    expect(await secretStore.get(ref)).toBeNull();
  });

  it('refuses a second source for the same bucket prefix and settings that are not valid', async () => {
    const base = s3SourceInput(bucket.server.endpoint);
    await expect(engine.api.addS3Source(base)).rejects.toMatchObject({ code: 'conflict' });
    const badBucket = engine.api.addS3Source({ ...base, bucket: 'Not_A_Bucket' });
    await expect(badBucket).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(badBucket).rejects.not.toThrow(testKeys.secretAccessKey);
    await expect(engine.api.addS3Source({ ...base, prefix: 'x', endpoint: 'http://user:pw@127.0.0.1:1' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('removes the source with its keys', async () => {
    const ref = sourceConfigJson(libraryDir, sourceId).credentialsRef;
    expect(await engine.api.removeSource({ sourceId })).toEqual({ removed: true });
    expect(await secretStore.get(ref)).toBeNull();
    expect(fileRows(libraryDir, sourceId)).toEqual([]);
    expect(await engine.api.listSources({})).toEqual([]);
  });
});
