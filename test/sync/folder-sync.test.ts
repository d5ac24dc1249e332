import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../library/helpers/temp';
import { openContributor, scenePhoto, syncUntilQuiet, threeLibraries, type Contributor } from './helpers/contributors';
import { forger } from './helpers/forger';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describe('event sync through a shared folder, three contributors', () => {
  const temp = makeTempDir('sync-folder');
  const shared = path.join(temp.dir, 'shared');
  let people: Contributor[] = [];
  let fixture: Awaited<ReturnType<typeof threeLibraries>>;

  beforeAll(async () => {
    fixture = await threeLibraries();
    fs.mkdirSync(shared);
    people = await Promise.all(fixture.specs.map((spec) => openContributor(temp.dir, spec, `Trip (${spec.name})`)));
    for (const person of people) {
      const status = await person.engine.api.linkEventToSharedLocation({
        eventId: person.eventId,
        location: { kind: 'folder', path: shared },
        shareOriginals: true,
        shareFaces: false,
      });
      expect(status).toMatchObject({ linked: true, location: { kind: 'folder', root: shared } });
    }
  });

  afterAll(async () => {
    await Promise.all(people.map((p) => p.close()));
    temp.cleanup();
  });

  it('converges: every library holds the same photos, copies and near-duplicates collapsed', async () => {
    const rounds = await syncUntilQuiet(people);
    const sets = await Promise.all(people.map((p) => p.eventShas()));
    // 3 x 4 own + 3 common + 1 of the near-duplicate pair.
    expect(sets[0]).toHaveLength(16);
    expect(new Set(sets[0]).size).toBe(16);
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
    expect(sets[0]).toContain(sha256(fixture.nearOriginal));
    expect(sets[0]).not.toContain(sha256(fixture.nearCopy));
    for (const bytes of fixture.common) expect(sets[0]).toContain(sha256(bytes));

    const last = rounds.at(-1)!;
    expect(last.every((r) => r.contributors === 3 && r.sharedPhotos === 16 && r.refusals.length === 0)).toBe(true);
    // The 3 common photos were added by all three (2 extra adds each, at least on the first round) + 1 near-duplicate.
    expect(last[0]!.collapsedDuplicates).toBeGreaterThanOrEqual(1);
    const files = listFiles(shared);
    const objects = files.filter((f) => f.startsWith('objects/'));
    const segments = files.filter((f) => f.startsWith('logs/'));
    // Every distinct content once, the smaller near-duplicate included (its add is in the log).
    expect(objects).toHaveLength(17);
    expect(segments.length).toBeGreaterThanOrEqual(3);
    expect(new Set(segments.map((s) => s.split('/')[1])).size).toBe(3);
    // Carol's own smaller copy stays in her library, only out of the event.
    const carol = people[2]!;
    const carolPhotos = (await carol.engine.api.listPhotos({ offset: 0, limit: 2000 })).items.map((p) => p.sha256);
    expect(carolPhotos).toContain(sha256(fixture.nearCopy));
    console.info(
      `folder sync: ${rounds.length} rounds, ${objects.length} objects, ${segments.length} segments, ` +
        `collapsed ${last.map((r) => r.collapsedDuplicates).join('/')}`,
    );
  });

  it("a removal by one contributor removes the photo from everyone's event, not from disk", async () => {
    const [alice, bob] = people as [Contributor, Contributor, Contributor];
    const bobsPhoto = fs.readFileSync(path.join(bob.photosDir, 'own/bob-1.jpg'));
    const target = sha256(bobsPhoto);
    const page = await alice.engine.api.listEventPhotos({ eventId: alice.eventId, offset: 0, limit: 2000 });
    const photo = page.items.find((p) => p.sha256 === target)!;
    await alice.engine.api.removePhotosFromEvent({ eventId: alice.eventId, selection: { kind: 'photos', photoIds: [photo.id] } });

    await syncUntilQuiet(people);
    for (const person of people) {
      const shas = await person.eventShas();
      expect(shas).toHaveLength(15);
      expect(shas).not.toContain(target);
    }
    expect(fs.existsSync(path.join(bob.photosDir, 'own/bob-1.jpg'))).toBe(true);
    const bobLibrary = (await bob.engine.api.listPhotos({ offset: 0, limit: 2000 })).items.map((p) => p.sha256);
    expect(bobLibrary).toContain(target);
  });

  it('adds a photo again after it was removed (observed-remove)', async () => {
    const [, bob] = people as [Contributor, Contributor, Contributor];
    const target = sha256(fs.readFileSync(path.join(bob.photosDir, 'own/bob-1.jpg')));
    const photo = (await bob.engine.api.listPhotos({ offset: 0, limit: 2000 })).items.find((p) => p.sha256 === target)!;
    await bob.engine.api.addPhotosToEvent({ eventId: bob.eventId, selection: { kind: 'photos', photoIds: [photo.id] } });
    await syncUntilQuiet(people);
    for (const person of people) expect(await person.eventShas()).toContain(target);
  });

  it('refuses malicious segments with a clear reason and syncs the rest', async () => {
    const [alice] = people as [Contributor, Contributor, Contributor];
    // Mallory joined like any contributor: her well-formed segments are signed; the malformed ones
    // are refused for what is wrong with them before any signature is looked at.
    const mallory = '0badc0de-0000-4000-8000-00000000beef';
    const signer = forger(shared, mallory);
    signer.join();
    const logDir = path.join(shared, 'logs', mallory);
    fs.mkdirSync(logDir, { recursive: true });
    const photo = await scenePhoto(777);
    const photoSha = sha256(photo);
    fs.mkdirSync(path.join(shared, 'objects', photoSha.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(shared, 'objects', photoSha.slice(0, 2), photoSha), photo);
    const add = (fileName: string) => ({
      op: 'add',
      sha256: photoSha,
      bytes: photo.length,
      fileName,
      mediaType: 'image',
      takenAt: null,
      dhash: null,
      object: { sha256: photoSha, bytes: photo.length, kind: 'original' },
    });
    const segment = (seq: number, entries: unknown[], extra: object = {}) =>
      JSON.stringify({ format: 'facet-sync', formatVersion: 1, contributorId: mallory, seq, createdAt: '2024-05-01T10:00:00Z', entries, ...extra });
    const name = (seq: number) => path.join(logDir, `${String(seq).padStart(10, '0')}.json`);
    fs.writeFileSync(name(1), segment(1, [add('../../../../escape.jpg')]));
    fs.writeFileSync(name(2), segment(2, [{ op: 'add', sha256: 'nope' }]));
    fs.writeFileSync(name(3), segment(3, [add('v99.jpg')], { formatVersion: 99 }));
    fs.writeFileSync(name(4), Buffer.alloc(17 * 1024 * 1024, 0x20));
    fs.writeFileSync(name(5), segment(5, [add('truncated.jpg')]).slice(0, 60));
    fs.writeFileSync(name(6), segment(7, [add('claims-another-seq.jpg')]));
    fs.writeFileSync(path.join(logDir, 'evil.json'), segment(8, [add('x.jpg')]));
    // A lying object: right name, other bytes.
    const liar = await scenePhoto(778);
    const liarSha = sha256(liar);
    fs.mkdirSync(path.join(shared, 'objects', liarSha.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(shared, 'objects', liarSha.slice(0, 2), liarSha), photo);
    signer.writeSigned(9, [{ ...add('liar.jpg'), sha256: liarSha, bytes: liar.length, object: { sha256: liarSha, bytes: liar.length, kind: 'original' } }]);
    // And one honest segment among them.
    signer.writeSigned(10, [add('honest.jpg')]);

    const result = await alice.engine.api.syncEvent({ eventId: alice.eventId });
    const reasons = Object.fromEntries(result.refusals.map((r) => [r.key.split('/').at(-1), r.reason]));
    expect(reasons).toMatchObject({
      '0000000001.json': 'unsafe-path',
      '0000000002.json': 'invalid',
      '0000000003.json': 'unsupported-version',
      '0000000004.json': 'too-large',
      '0000000005.json': 'incomplete',
      '0000000006.json': 'wrong-writer',
      'evil.json': 'unsafe-key',
      [liarSha]: 'checksum-mismatch',
    });
    for (const refusal of result.refusals) expect(refusal.detail.length).toBeGreaterThan(5);
    expect(result.pulled).toBe(1);
    expect(await alice.eventShas()).toContain(photoSha);
    expect(await alice.eventShas()).not.toContain(liarSha);
    expect(fs.existsSync(path.join(temp.dir, 'escape.jpg'))).toBe(false);
    expect(listFiles(path.join(alice.libraryDir, 'synced')).every((f) => /^\d+\/[0-9a-f]{64}\/[^/]+$/.test(f))).toBe(true);
    const status = await alice.engine.api.getEventSyncStatus({ eventId: alice.eventId });
    expect(status.lastResult?.refusals).toHaveLength(result.refusals.length);
    expect(status.lastResult?.contributors).toBe(4);
    console.info(`refused: ${result.refusals.map((r) => `${r.key.split('/').at(-1)} ${r.reason}`).join(', ')}`);
  });
});
