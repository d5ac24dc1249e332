/**
 * Issue 13 item 6, the malicious-sync corpus for who may write what: whoever can write the shared
 * folder must not write in a contributor's name, pin the event's name with a far-future date, or
 * add a photo of someone's library by naming its sha256.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSyncResult } from '../../src/shared/api';
import { signingKeyFileName } from '../../src/main/sync/signing-key';
import { keyRecordBytes } from '../../src/main/sync/signing';
import { makeTempDir } from '../library/helpers/temp';
import { encryptedSecretStore } from '../s3-library/helpers/engine';
import { openContributor, scenePhoto, syncUntilQuiet, type Contributor } from './helpers/contributors';
import { forger } from './helpers/forger';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const nextSeq = (shared: string, contributorId: string) => fs.readdirSync(path.join(shared, 'logs', contributorId)).length + 1;

function reasonsByFile(result: EventSyncResult): Record<string, string> {
  return Object.fromEntries(result.refusals.map((r) => [r.key, r.reason]));
}

async function photosOf(seeds: number[], prefix: string): Promise<Map<string, Buffer>> {
  const photos = new Map<string, Buffer>();
  for (const seed of seeds) photos.set(`${prefix}-${seed}.jpg`, await scenePhoto(seed));
  return photos;
}

describe('sync trusts a segment only from the writer whose key signed it', () => {
  const temp = makeTempDir('sync-trust');
  const shared = path.join(temp.dir, 'shared');
  let alice: Contributor;
  let bob: Contributor;
  let aliceId: string;
  let bobsPrivatePhoto: Buffer;
  // A contributor who joined properly; what she may and may not do is the point.
  const carol = forger(shared, 'ca201000-0000-4000-8000-000000000002');

  const eventName = async (person: Contributor) => (await person.engine.api.listEvents({})).find((e) => e.id === person.eventId)?.name;
  const sync = (person: Contributor) => person.engine.api.syncEvent({ eventId: person.eventId });

  beforeAll(async () => {
    fs.mkdirSync(shared);
    alice = await openContributor(temp.dir, { name: 'alice', photos: await photosOf([1, 2], 'alice') }, 'Lake');
    bob = await openContributor(temp.dir, { name: 'bob', photos: await photosOf([3, 4], 'bob') }, 'Lake');
    // A photo in Bob's library that he never put into the event.
    bobsPrivatePhoto = await scenePhoto(99);
    const privateDir = path.join(temp.dir, 'bob-private');
    fs.mkdirSync(privateDir);
    fs.writeFileSync(path.join(privateDir, 'private.jpg'), bobsPrivatePhoto);
    await bob.engine.api.addFolderSource({ path: privateDir });
    await bob.engine.indexAll();
    for (const person of [alice, bob]) {
      await person.engine.api.linkEventToSharedLocation({
        eventId: person.eventId,
        location: { kind: 'folder', path: shared },
        shareOriginals: true,
        shareFaces: false,
      });
    }
    await syncUntilQuiet([alice, bob]);
    aliceId = (await alice.engine.api.getEventSyncStatus({ eventId: alice.eventId })).contributorId;
  });

  afterAll(async () => {
    await Promise.all([alice, bob].map((p) => p?.close()));
    temp.cleanup();
  });

  it('each contributor published its key on joining, and signs what it writes', () => {
    const keys = fs.readdirSync(path.join(shared, 'keys')).sort();
    expect(keys).toHaveLength(2);
    expect(keys).toContain(`${aliceId}.json`);
    const segment = JSON.parse(fs.readFileSync(path.join(shared, 'logs', aliceId, '0000000001.json'), 'utf8')) as { formatVersion: number; signature?: string };
    expect(segment.formatVersion).toBe(2);
    expect(segment.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });

  it("refuses segments written in a contributor's name, signed by another key or not at all", async () => {
    const mallory = forger(shared, '0badc0de-0000-4000-8000-00000000beef');
    const rename = [{ op: 'event', name: 'Hijacked' }];
    const seq = nextSeq(shared, aliceId);
    const signedByMallory = mallory.writeSigned(seq, rename, { as: aliceId });
    const unsigned = mallory.writeUnsigned(seq + 1, rename, { as: aliceId });
    const result = await sync(bob);
    const reasons = reasonsByFile(result);
    const key = (file: string) => path.relative(shared, file).split(path.sep).join('/');
    expect(reasons[key(signedByMallory)]).toBe('bad-signature');
    expect(reasons[key(unsigned)]).toBe('unsigned');
    expect(result.refusals.find((r) => r.reason === 'bad-signature')?.detail).toContain(`someone else wrote it in ${aliceId}'s name`);
    // Alice signs since she joined: an unsigned segment after her signed ones cannot be hers.
    expect(result.refusals.find((r) => r.reason === 'unsigned')?.detail).toContain(`after ${aliceId}'s first signed segment`);
    expect(await eventName(bob)).toBe('Lake');
    fs.rmSync(signedByMallory);
    fs.rmSync(unsigned);
  });

  it("refuses a contributor's key swapped in after it joined, and keeps checking against the pinned one", async () => {
    const mallory = forger(shared, '0badc0de-0000-4000-8000-00000000beef');
    const keyFile = path.join(shared, 'keys', `${aliceId}.json`);
    const original = fs.readFileSync(keyFile);
    fs.writeFileSync(keyFile, keyRecordBytes(aliceId, mallory.privateKey));
    const forged = mallory.writeSigned(nextSeq(shared, aliceId), [{ op: 'event', name: 'Hijacked' }], { as: aliceId });
    const result = await sync(bob);
    const reasons = reasonsByFile(result);
    expect(reasons[`keys/${aliceId}.json`]).toBe('key-changed');
    expect(Object.values(reasons)).toContain('bad-signature');
    expect(await eventName(bob)).toBe('Lake');
    // Alice herself refuses to write beside a key that is not hers.
    await expect(sync(alice)).rejects.toThrow(/holds a key in this library's name/);
    fs.writeFileSync(keyFile, original);
    fs.rmSync(forged);
    expect((await sync(alice)).refusals).toEqual([]);
  });

  it('refuses a signed segment from a writer that never published its key', async () => {
    const stranger = forger(shared, '5e55e55e-0000-4000-8000-000000000001');
    const file = stranger.writeSigned(1, [{ op: 'event', name: 'Hijacked' }]);
    const result = await sync(bob);
    expect(result.refusals.map((r) => r.reason)).toEqual(['unknown-key']);
    expect(await eventName(bob)).toBe('Lake');
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('a far-future date does not pin the name; the same contributor renaming today does rename', async () => {
    carol.join();
    const farFuture = carol.writeSigned(1, [{ op: 'event', name: 'Forever mine' }], { createdAt: '9999-12-31T23:59:59Z' });
    const result = await sync(bob);
    expect(reasonsByFile(result)[`logs/${carol.contributorId}/0000000001.json`]).toBe('future-dated');
    expect(result.refusals[0]!.detail).toContain('ahead of this computer');
    expect(await eventName(bob)).toBe('Lake');

    carol.writeSigned(2, [{ op: 'event', name: 'Lake, with Carol' }]);
    await sync(bob);
    expect(await eventName(bob)).toBe('Lake, with Carol');
    // And a later rename by Bob still wins over the refused one.
    await bob.engine.api.renameEvent({ eventId: bob.eventId, name: 'Lake 2024' });
    await syncUntilQuiet([alice, bob]);
    expect(await eventName(alice)).toBe('Lake 2024');
    fs.rmSync(farFuture);
  });

  it("an add naming only a sha256 does not put a library's photo into the event; its bytes do", async () => {
    const target = sha256(bobsPrivatePhoto);
    const entry = carol.addEntry(bobsPrivatePhoto, 'guess.jpg');
    carol.writeSigned(3, [entry]);
    const hashOnly = await sync(bob);
    expect(reasonsByFile(hashOnly)[`objects/${target.slice(0, 2)}/${target}`]).toBe('missing-object');
    expect(await bob.eventShas()).not.toContain(target);

    // Some other bytes under the photo's name prove nothing either.
    const objectFile = path.join(shared, 'objects', target.slice(0, 2), target);
    fs.mkdirSync(path.dirname(objectFile), { recursive: true });
    fs.writeFileSync(objectFile, Buffer.alloc(bobsPrivatePhoto.length, 7));
    const wrongBytes = await sync(bob);
    expect(reasonsByFile(wrongBytes)[`objects/${target.slice(0, 2)}/${target}`]).toBe('checksum-mismatch');
    expect(await bob.eventShas()).not.toContain(target);

    // Whoever has the photo itself may share it: then Bob's own copy stands for it.
    fs.writeFileSync(objectFile, bobsPrivatePhoto);
    const withBytes = await sync(bob);
    expect(withBytes.refusals).toEqual([]);
    expect(await bob.eventShas()).toContain(target);
  });

  it('keeps the signing key out of the catalog: a key file readable by its owner only under plain Node without a secret key', () => {
    const file = path.join(bob.libraryDir, signingKeyFileName);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
  });

  it('a library that lost its key says so instead of writing what the others would refuse', async () => {
    await bob.close();
    const file = path.join(bob.libraryDir, signingKeyFileName);
    const kept = fs.readFileSync(file);
    fs.rmSync(file);
    await bob.reopen();
    await expect(sync(bob)).rejects.toThrow(/joined .* with signing key [0-9a-f]{16} but now has key [0-9a-f]{16}/);
    await bob.close();
    fs.writeFileSync(file, kept, { mode: 0o600 });
    await bob.reopen();
    expect((await sync(bob)).refusals).toEqual([]);
  });
});

describe('logs written before segments were signed', () => {
  const temp = makeTempDir('sync-legacy');
  const shared = path.join(temp.dir, 'shared');
  let dana: Contributor;

  beforeAll(async () => {
    fs.mkdirSync(shared);
    dana = await openContributor(temp.dir, { name: 'dana', photos: await photosOf([11], 'dana') }, 'Old trip');
  });

  afterAll(async () => {
    await dana?.close();
    temp.cleanup();
  });

  it('are taken as the location holds them at the first signed sync, and no unsigned segment after that', async () => {
    // Two contributors of an older Facet synced here before: unsigned segments, no keys.
    const older = forger(shared, '01de0000-0000-4000-8000-000000000003');
    const photo = await scenePhoto(12);
    older.writeObject(photo);
    older.writeUnsigned(1, [older.addEntry(photo, 'old.jpg'), { op: 'event', name: 'Old trip, shared' }], { createdAt: '2024-01-01T10:00:00Z' });
    // One of them updated since: its next segment is signed.
    const updated = forger(shared, '01de0000-0000-4000-8000-000000000004');
    updated.writeUnsigned(1, [{ op: 'event', name: 'Old trip, first' }], { createdAt: '2023-01-01T10:00:00Z' });
    updated.join();
    const signedPhoto = await scenePhoto(13);
    updated.writeObject(signedPhoto);
    updated.writeSigned(2, [updated.addEntry(signedPhoto, 'signed.jpg')]);
    // Someone planted an unsigned segment in its log after that: no Facet that signs writes one.
    const planted = updated.writeUnsigned(3, [{ op: 'event', name: 'Planted' }]);

    await dana.engine.api.linkEventToSharedLocation({
      eventId: dana.eventId,
      location: { kind: 'folder', path: shared },
      shareOriginals: true,
      shareFaces: false,
    });
    const first = await dana.engine.api.syncEvent({ eventId: dana.eventId });
    expect(first.refusals).toEqual([expect.objectContaining({ key: `logs/${updated.contributorId}/0000000003.json`, reason: 'unsigned' })]);
    expect(first.refusals[0]!.detail).toContain('first signed segment (#2)');
    expect(await dana.eventShas()).toEqual(expect.arrayContaining([sha256(photo), sha256(signedPhoto)]));
    expect((await dana.engine.api.listEvents({}))[0]?.name).toBe('Old trip, shared');
    fs.rmSync(planted);

    // After that, an unsigned segment is an older Facet's or a forgery: refused either way.
    older.writeUnsigned(2, [{ op: 'event', name: 'Renamed by an older Facet' }]);
    const second = await dana.engine.api.syncEvent({ eventId: dana.eventId });
    expect(second.refusals).toEqual([expect.objectContaining({ key: `logs/${older.contributorId}/0000000002.json`, reason: 'unsigned' })]);
    expect(second.refusals[0]!.detail).toContain('its writer must update Facet');
    expect((await dana.engine.api.listEvents({}))[0]?.name).toBe('Old trip, shared');
    // The first ones still count on every sync.
    expect(await dana.eventShas()).toContain(sha256(photo));
  });
});

describe('the signing key with a secret store', () => {
  it('is kept in the store, not in a file', async () => {
    const temp = makeTempDir('sync-key-store');
    try {
      const shared = path.join(temp.dir, 'shared');
      fs.mkdirSync(shared);
      const erin = await openContributor(temp.dir, { name: 'erin', photos: await photosOf([21], 'erin') }, 'Fair', encryptedSecretStore);
      await erin.engine.api.linkEventToSharedLocation({
        eventId: erin.eventId,
        location: { kind: 'folder', path: shared },
        shareOriginals: true,
        shareFaces: false,
      });
      await erin.engine.api.syncEvent({ eventId: erin.eventId });
      await erin.close();
      expect(fs.existsSync(path.join(erin.libraryDir, signingKeyFileName))).toBe(false);
      const secrets = fs.readFileSync(path.join(erin.libraryDir, 'secrets.json'), 'utf8');
      expect(secrets).toContain('sync:signing-key');
      expect(secrets).not.toContain('PRIVATE KEY');
    } finally {
      temp.cleanup();
    }
  });
});
