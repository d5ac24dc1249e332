/**
 * The read-only S3 client against a real S3-protocol server (s3rver in a child process) seen through
 * the loopback proxy with no faults, which counts every request the client sends.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aesGcmCipher,
  diffListing,
  EncryptedFileSecretStore,
  S3SourceClient,
  S3SourceError,
  saveS3Credentials,
  type ObjectVersion,
  type S3ObjectInfo,
} from '../../src/main/sources/s3';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import { deleteObject, makeJpeg, md5, photoKey, putObjects, sha256, sourceConfig } from './helpers/fixtures';
import { s3rverCredentials } from './helpers/s3rver-process';
import { startSeededBucket, type SeededBucket } from './helpers/seeded-bucket';

const photoCount = 300;
const pageSize = 25;
const bigSize = 64 * 1024 * 1024;

let bucket: SeededBucket;
let proxy: FaultProxy;
const clients: S3SourceClient[] = [];

function client(overrides: Parameters<typeof sourceConfig>[1] = {}, credentials = s3rverCredentials, log?: (line: string) => void) {
  const created = new S3SourceClient(sourceConfig(proxy.endpoint, overrides), credentials, {
    resilience: { listPageSize: pageSize, retry: { maxAttempts: 3, maxElapsedMs: 10_000, baseDelayMs: 10, maxDelayMs: 50 } },
    log,
  });
  clients.push(created);
  return created;
}

async function listAll(source: S3SourceClient): Promise<S3ObjectInfo[]> {
  const objects: S3ObjectInfo[] = [];
  for await (const object of source.list()) objects.push(object);
  return objects;
}

const snapshot = (objects: S3ObjectInfo[]) => new Map<string, ObjectVersion>(objects.map(({ key, ...version }) => [key, version]));
const listRequests = () => proxy.requests.filter((r) => r.url.includes('list-type=2')).length;

beforeAll(async () => {
  bucket = await startSeededBucket('facet-s3-client-', photoCount);
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: bucket.server.port } });
  // Outside the source prefix: must never be listed.
  await putObjects(
    bucket.admin,
    'photos',
    new Map([
      ['elsewhere/a.jpg', await makeJpeg(1)],
      ['library-old/b.jpg', await makeJpeg(2)],
    ]),
  );
});

afterAll(async () => {
  for (const created of clients) created.close();
  await proxy?.close();
  await bucket?.close();
});

describe('S3SourceClient against s3rver', () => {
  it('opens with credentials from an encrypted secret store and lists every object under the prefix across many pages', async () => {
    const store = new EncryptedFileSecretStore(join(bucket.work, 'secrets.json'), aesGcmCipher(randomBytes(32)));
    await saveS3Credentials(store, 's3:test', s3rverCredentials);
    const source = await S3SourceClient.open(sourceConfig(proxy.endpoint), store, { resilience: { listPageSize: pageSize } });
    clients.push(source);
    const before = listRequests();
    const objects = await listAll(source);
    const pages = listRequests() - before;
    console.log(`listing: ${objects.length} objects in ${pages} pages of ${pageSize}`);
    expect(pages).toBe(Math.ceil(photoCount / pageSize));
    expect(new Set(objects.map((o) => o.key))).toEqual(new Set(bucket.photos.keys()));
    for (const object of objects) {
      const body = bucket.photos.get(object.key)!;
      expect(object.size).toBe(body.length);
      expect(object.etag).toBe(md5(body)); // single-part ETag is the MD5, without quotes
      expect(object.lastModified).toBeInstanceOf(Date);
    }
  });

  it('reports added, changed, removed and unchanged objects between two listings', async () => {
    const source = client();
    const first = await listAll(source);
    expect(diffListing(snapshot(first), first).unchanged).toHaveLength(photoCount);

    const added = new Map<string, Buffer>();
    for (let i = photoCount; i < photoCount + 5; i += 1) added.set(photoKey(i), await makeJpeg(i));
    const changedKeys = [photoKey(3), photoKey(40), photoKey(77)];
    const removedKeys = [photoKey(5), photoKey(10), photoKey(150), photoKey(299)];
    await putObjects(bucket.admin, 'photos', added);
    await putObjects(bucket.admin, 'photos', new Map(changedKeys.map((key, i) => [key, Buffer.concat([bucket.photos.get(key)!, Buffer.from([i])])])));
    for (const key of removedKeys) await deleteObject(bucket.admin, 'photos', key);

    const diff = diffListing(snapshot(first), await listAll(source));
    expect(diff.added.map((o) => o.key).sort()).toEqual([...added.keys()].sort());
    expect(diff.changed.map((o) => o.key).sort()).toEqual([...changedKeys].sort());
    expect(diff.removed.sort()).toEqual([...removedKeys].sort());
    expect(diff.unchanged).toHaveLength(photoCount - changedKeys.length - removedKeys.length);

    // Restore the bucket for the other tests.
    for (const key of added.keys()) await deleteObject(bucket.admin, 'photos', key);
    await putObjects(bucket.admin, 'photos', new Map([...changedKeys, ...removedKeys].map((key) => [key, bucket.photos.get(key)!])));
  });

  it('stat agrees with the listing', async () => {
    const source = client();
    const key = photoKey(42);
    const info = await source.stat(key);
    expect(info).toMatchObject({ key, size: bucket.photos.get(key)!.length, etag: md5(bucket.photos.get(key)!) });
    await expect(source.stat('library/missing.jpg')).rejects.toMatchObject({ code: 'NotFound', status: 404, transient: false });
  });

  it('streams a multi-MB object without buffering it: the server is held back while the reader waits', async () => {
    const big = randomBytes(bigSize);
    await putObjects(bucket.admin, 'photos', new Map([['library/video/big.bin', big]]));
    const source = client();
    const forwardedBefore = proxy.bytesForwarded;
    const stream = await source.openObject('library/video/big.bin');
    expect(stream.info.size).toBe(bigSize);

    // Read one chunk, then stop reading until the transfer stalls (backpressure reaches the server).
    const iterator = stream[Symbol.asyncIterator]();
    const firstChunk = (await iterator.next()).value as Buffer;
    let last = -1;
    while (proxy.bytesForwarded !== last) {
      last = proxy.bytesForwarded;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const inFlightWhilePaused = proxy.bytesForwarded - forwardedBefore;
    console.log(`big object: ${bigSize} bytes, ${inFlightWhilePaused} bytes had left the server while the reader waited`);
    expect(inFlightWhilePaused).toBeLessThan(bigSize / 4);

    // Finish reading, hashing on the way, and watch memory stay well below the object size.
    const hash = createHash('sha256').update(firstChunk);
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      hash.update(next.value as Buffer);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
    }
    // Informative only: when V8 collects the spent chunks is up to its GC heuristics.
    console.log(`big object: peak extra arrayBuffers while streaming ${(peak / 1048576).toFixed(1)} MiB`);
    expect(hash.digest('hex')).toBe(sha256(big));
  });

  it('downloads to a file atomically, with the object time as mtime', async () => {
    const source = client();
    const dir = join(bucket.work, 'downloads');
    await mkdir(dir, { recursive: true });
    const key = photoKey(7);
    const dest = join(dir, 'img.jpg');
    const result = await source.downloadToFile(key, dest);
    const listed = (await listAll(source)).find((o) => o.key === key)!;
    expect(sha256(await readFile(dest))).toBe(sha256(bucket.photos.get(key)!));
    expect(result).toEqual({ path: dest, key, etag: listed.etag, sizeBytes: listed.size, mtimeMs: listed.lastModified.getTime() });
    expect(Math.trunc((await stat(dest)).mtimeMs)).toBe(listed.lastModified.getTime());

    await expect(source.downloadToFile('library/missing.jpg', join(dir, 'missing.jpg'))).rejects.toMatchObject({ code: 'NoSuchKey' });
    expect(await readdir(dir)).toEqual(['img.jpg']); // no temp files left, nothing for the missing key
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    const source = client({ maxConcurrency: 3 });
    const before = proxy.maxInFlight;
    proxy.maxInFlight = 0;
    const keys = [...bucket.photos.keys()].slice(0, 60);
    await Promise.all(
      keys.map(async (key) => {
        const chunks: Buffer[] = [];
        for await (const chunk of await source.openObject(key)) chunks.push(chunk as Buffer);
        expect(sha256(Buffer.concat(chunks))).toBe(sha256(bucket.photos.get(key)!));
      }),
    );
    console.log(`concurrency: 60 downloads, at most ${proxy.maxInFlight} requests in flight (limit 3)`);
    expect(proxy.maxInFlight).toBe(3);
    proxy.maxInFlight = Math.max(before, proxy.maxInFlight);
  });

  it('never leaks the secret key or access key id into errors or logs', async () => {
    const credentials = { accessKeyId: 'AKIAFACETLEAKCHECK000', secretAccessKey: 'facet-test-secret-DO-NOT-LEAK-0123456789' };
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const failures: unknown[] = [];

    // s3rver answers InvalidAccessKeyId and echoes the key id in the error document.
    failures.push(await listAll(client({}, credentials, log)).catch((error: unknown) => error));
    expect(failures[0]).toMatchObject({ code: 'InvalidAccessKeyId', transient: false });

    // A server that quotes the whole Authorization header back in its message.
    const echo = createServer((req, res) => {
      const body = `<?xml version="1.0"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>bad header: ${req.headers.authorization}</Message></Error>`;
      res.writeHead(400, { 'content-type': 'application/xml' }).end(body);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoEndpoint = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    const echoed = new S3SourceClient(sourceConfig(echoEndpoint), credentials, { log });
    clients.push(echoed);
    failures.push(await listAll(echoed).catch((error: unknown) => error));
    await new Promise((resolve) => echo.close(resolve));
    expect((failures[1] as S3SourceError).message).toContain('bad header: AWS4-HMAC-SHA256 Credential=[redacted]/');

    // Nobody listening: retried, logged, then given up.
    const refused = new S3SourceClient(sourceConfig(echoEndpoint), credentials, {
      log,
      resilience: { retry: { maxAttempts: 3, maxElapsedMs: 5_000, baseDelayMs: 5, maxDelayMs: 20 } },
    });
    clients.push(refused);
    failures.push(await listAll(refused).catch((error: unknown) => error));
    expect(failures[2]).toMatchObject({ code: 'ECONNREFUSED', transient: true });
    expect(lines.length).toBeGreaterThanOrEqual(2);

    for (const error of failures) {
      expect(error).toBeInstanceOf(S3SourceError);
      const everything = [
        (error as Error).message,
        (error as Error).stack,
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ].join('\n');
      expect(everything).not.toContain(credentials.secretAccessKey);
      expect(everything).not.toContain(credentials.accessKeyId);
    }
    expect(lines.join('\n')).not.toContain(credentials.secretAccessKey);
    expect(lines.join('\n')).not.toContain(credentials.accessKeyId);
    expect(refused.stateReason).not.toContain(credentials.accessKeyId);
  });

  it('sends only GET and HEAD requests: Facet never writes to a source bucket', () => {
    const methods = new Map<string, number>();
    for (const { method } of proxy.requests) methods.set(method, (methods.get(method) ?? 0) + 1);
    console.log(`requests by method through the proxy: ${JSON.stringify(Object.fromEntries(methods))}`);
    expect([...methods.keys()].sort()).toEqual(['GET', 'HEAD']);
    const members = Object.getOwnPropertyNames(S3SourceClient.prototype);
    expect(members.filter((name) => /put|delete|copy|upload|write|remove/i.test(name))).toEqual([]);
  });
});
