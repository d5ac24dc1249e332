import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../library/helpers/temp';
import { adminClient, createBucket } from '../s3/helpers/fixtures';
import { s3rverCredentials, startS3rver, type S3rverProcess } from '../s3/helpers/s3rver-process';
import { encryptedSecretStore, filesContaining } from '../s3-library/helpers/engine';
import { segmentKey } from '../../src/main/sync/log-format';
import { signedSegmentBytes } from '../../src/main/sync/signing';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { openContributor, scenePhoto, syncUntilQuiet, threeLibraries, type Contributor } from './helpers/contributors';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('event sync through an S3 prefix (s3rver), three contributors', () => {
  const temp = makeTempDir('sync-s3');
  let server: S3rverProcess;
  let people: Contributor[] = [];
  let fixture: Awaited<ReturnType<typeof threeLibraries>>;

  beforeAll(async () => {
    server = await startS3rver(path.join(temp.dir, 's3rver'));
    await createBucket(adminClient(server.endpoint), 'events');
    fixture = await threeLibraries();
    people = await Promise.all(fixture.specs.map((spec) => openContributor(temp.dir, spec, 'Reunion', encryptedSecretStore)));
    for (const person of people) {
      await person.engine.api.linkEventToSharedLocation({
        eventId: person.eventId,
        location: {
          kind: 's3',
          endpoint: server.endpoint,
          bucket: 'events',
          prefix: 'reunion-2024',
          region: 'us-east-1',
          forcePathStyle: true,
          ...s3rverCredentials,
        },
        // Carol shares web-sized renditions instead of her originals.
        shareOriginals: person.name !== 'carol',
        shareFaces: false,
      });
    }
  });

  afterAll(async () => {
    await Promise.all(people.map((p) => p.close()));
    await server?.stop();
    temp.cleanup();
  });

  it('converges with concurrent syncs; renditions stand for their originals', async () => {
    const [alice, bob, carol] = people as [Contributor, Contributor, Contributor];
    const rounds = await syncUntilQuiet(people);
    const [a, b, c] = await Promise.all(people.map((p) => p.eventShas()));
    expect(a).toHaveLength(16);
    expect(new Set(a).size).toBe(16);
    // Alice and Bob both fetched Carol's renditions: the same bytes.
    expect(b).toEqual(a);
    expect(c).toHaveLength(16);
    expect(a).toContain(sha256(fixture.nearOriginal));
    expect(c).toContain(sha256(fixture.nearOriginal));
    expect(c).not.toContain(sha256(fixture.nearCopy));
    const carolsOwn = (await carol.engine.api.listEventPhotos({ eventId: carol.eventId, offset: 0, limit: 100 })).items.filter((p) =>
      p.fileName.startsWith('carol-'),
    );
    expect(carolsOwn).toHaveLength(4);
    const fetched = (await alice.engine.api.listEventPhotos({ eventId: alice.eventId, offset: 0, limit: 100 })).items.filter((p) =>
      p.fileName.startsWith('carol-'),
    );
    expect(fetched.map((p) => p.fileName).every((name) => name.endsWith('.webp'))).toBe(true);

    const listing = await adminClient(server.endpoint).send(new ListObjectsV2Command({ Bucket: 'events', Prefix: 'reunion-2024/' }));
    const keys = (listing.Contents ?? []).map((o) => o.Key!);
    const objects = keys.filter((k) => k.startsWith('reunion-2024/objects/'));
    const segments = keys.filter((k) => k.startsWith('reunion-2024/logs/'));
    // 16 kept + the smaller near-duplicate, plus Carol's renditions of the 3 common photos.
    expect(objects).toHaveLength(20);
    expect(new Set(segments.map((k) => k.split('/')[2])).size).toBe(3);
    expect(rounds.at(-1)!.every((r) => r.contributors === 3 && r.refusals.length === 0)).toBe(true);
    // The keys went to the secret store, never into a catalog.
    for (const person of people) expect(filesContaining(person.libraryDir, s3rverCredentials.secretAccessKey)).toEqual([]);
    const status = await bob.engine.api.getEventSyncStatus({ eventId: bob.eventId });
    expect(status.location).toEqual({ kind: 's3', root: 's3://events/reunion-2024/' });
    console.info(`s3 sync: ${rounds.length} rounds, ${objects.length} objects, ${segments.length} segments`);
  });

  it('refuses keys outside the layout and segments it cannot read, and syncs the rest', async () => {
    const [alice] = people as [Contributor, Contributor, Contributor];
    const admin = adminClient(server.endpoint);
    const mallory = '0badc0de-0000-4000-8000-00000000beef';
    const put = (key: string, body: string | Buffer) => admin.send(new PutObjectCommand({ Bucket: 'events', Key: `reunion-2024/${key}`, Body: body }));
    const segment = (seq: number, extra: object) =>
      JSON.stringify({
        format: 'facet-sync',
        formatVersion: 1,
        contributorId: mallory,
        seq,
        createdAt: '2024-05-01T10:00:00Z',
        entries: [{ op: 'event', name: 'Hijacked' }],
        ...extra,
      });
    // (A key with ../ in it is normalised away by the HTTP layer before it reaches the server.)
    await put(`logs/${mallory}/nested/0000000001.json`, segment(1, {}));
    await put(`logs/${mallory}/0000000002.json`, segment(2, { formatVersion: 7 }));
    await put(`logs/${mallory}/0000000003.json`, segment(3, { entries: [{ op: 'add', sha256: 'x' }] }));
    const result = await alice.engine.api.syncEvent({ eventId: alice.eventId });
    expect(result.refusals.map((r) => r.reason).sort()).toEqual(['invalid', 'unsafe-key', 'unsupported-version']);
    expect(result.refusals.find((r) => r.reason === 'unsupported-version')?.detail).toContain('newer than this Facet reads');
    expect(result.sharedPhotos).toBe(16);
    expect(await alice.eventShas()).toHaveLength(16);
    expect((await alice.engine.api.listEvents({}))[0]?.name).not.toBe('Hijacked');
  });

  it("refuses segments put into a contributor's log by whoever can write the bucket", async () => {
    const [alice, bob] = people as [Contributor, Contributor, Contributor];
    const admin = adminClient(server.endpoint);
    const aliceId = (await alice.engine.api.getEventSyncStatus({ eventId: alice.eventId })).contributorId;
    const listing = await admin.send(new ListObjectsV2Command({ Bucket: 'events', Prefix: `reunion-2024/logs/${aliceId}/` }));
    const seq = (listing.Contents ?? []).length + 1;
    const entries = [{ op: 'event' as const, name: 'Hijacked' }];
    const put = (key: string, body: Buffer) => admin.send(new PutObjectCommand({ Bucket: 'events', Key: `reunion-2024/${key}`, Body: body }));
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    await put(segmentKey(aliceId, seq), signedSegmentBytes({ contributorId: aliceId, seq, createdAt: new Date().toISOString(), entries }, otherKey));
    await put(
      segmentKey(aliceId, seq + 1),
      Buffer.from(
        JSON.stringify({ format: 'facet-sync', formatVersion: 1, contributorId: aliceId, seq: seq + 1, createdAt: new Date().toISOString(), entries }),
      ),
    );
    const result = await bob.engine.api.syncEvent({ eventId: bob.eventId });
    const reasons = Object.fromEntries(result.refusals.map((r) => [r.key, r.reason]));
    expect(reasons[segmentKey(aliceId, seq)]).toBe('bad-signature');
    expect(reasons[segmentKey(aliceId, seq + 1)]).toBe('unsigned');
    expect((await bob.engine.api.listEvents({}))[0]?.name).toBe('Reunion');
  });
});

describe('the bucket going away in the middle of a push (s3rver stopped)', () => {
  const temp = makeTempDir('sync-s3-gone');
  let server: S3rverProcess;
  let engine: FacetEngine;

  afterAll(async () => {
    await engine?.close();
    await server?.stop();
    temp.cleanup();
  });

  it('after the objects, before the segment: one clear error, nothing shared, and the next sync completes the push', async () => {
    server = await startS3rver(path.join(temp.dir, 's3rver'));
    await createBucket(adminClient(server.endpoint), 'events');
    const photosDir = path.join(temp.dir, 'photos');
    fs.mkdirSync(photosDir);
    for (const seed of [31, 32]) fs.writeFileSync(path.join(photosDir, `${seed}.jpg`), await scenePhoto(seed));
    const libraryDir = path.join(temp.dir, 'library');
    engine = await openEngine({
      libraryDir,
      threads: 1,
      facePackDir: null,
      secretStore: encryptedSecretStore(libraryDir),
      s3Resilience: { retry: { maxAttempts: 2, maxElapsedMs: 2_000, baseDelayMs: 50, maxDelayMs: 200 } },
    });
    const sourceId = (await engine.api.addFolderSource({ path: photosDir })).id;
    await engine.indexAll();
    const eventId = (await engine.api.createEvent({ name: 'Regatta', selection: { kind: 'folder', sourceId, folder: '' } })).id;
    const location = {
      kind: 's3' as const,
      endpoint: server.endpoint,
      bucket: 'events',
      prefix: 'regatta',
      region: 'us-east-1',
      forcePathStyle: true,
      ...s3rverCredentials,
    };
    await engine.api.linkEventToSharedLocation({ eventId, location, shareOriginals: true, shareFaces: false });

    // The last object is written: the server dies before the segment naming them can be.
    const unsubscribe = engine.subscribe((event) => {
      if (event.type !== 'sync-progress' || event.phase !== 'pushing' || event.done < event.total) return;
      void server.stop();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    });
    await expect(engine.api.syncEvent({ eventId })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^sync of event \d+ stopped before its log segment was written \(.+\): nothing was shared; .*sync again$/s),
    });
    unsubscribe();

    server = await startS3rver(server.directory, server.port);
    const keys = async () =>
      ((await adminClient(server.endpoint).send(new ListObjectsV2Command({ Bucket: 'events', Prefix: 'regatta/' }))).Contents ?? []).map((o) => o.Key!);
    expect((await keys()).filter((k) => k.startsWith('regatta/objects/'))).toHaveLength(2);
    expect((await keys()).filter((k) => k.startsWith('regatta/logs/'))).toEqual([]);

    const again = await engine.api.syncEvent({ eventId });
    expect(again).toMatchObject({ pushed: 3, objectsWritten: 0, segmentsWritten: 1, sharedPhotos: 2, refusals: [] });
    expect((await keys()).filter((k) => k.startsWith('regatta/logs/'))).toHaveLength(1);
  });
});
