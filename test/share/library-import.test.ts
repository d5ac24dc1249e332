/**
 * A share package brought into a library through the API the Import screen uses: looked at first
 * (what it holds, nothing written; a hostile package refused with the reason the import gives),
 * then imported as a new event or into an existing one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { importSharePackage } from '../../src/main/share/import';
import { inspectSharePackage } from '../../src/main/share/inspect';
import { PackageRefusedError } from '../../src/main/share/refusal';
import { openEventLibrary, type EventLibrary } from '../events/helpers/event-library';
import { makeShareEvent, type ShareEvent } from './helpers';
import { makeMaliciousCorpus, type MaliciousCase } from './malicious';

let host: EventLibrary;
let event: ShareEvent;
let guest: FacetEngine;
let corpus: MaliciousCase[];
const dir = (name: string) => path.join(host.work, name);

beforeAll(async () => {
  host = await openEventLibrary('share-library-import');
  event = await makeShareEvent(host);
  await host.engine.api.exportEvent({ eventId: event.eventId, destination: dir('out/party'), format: 'folder', includeOriginals: false });
  // A package naming guests, as a host's export with names writes them (this event has no faces to name).
  fs.cpSync(dir('out/party'), dir('out/named'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(dir('out/named/manifest.json'), 'utf8')) as { guests: unknown[] };
  manifest.guests = ['Anna', 'Ben', 'Anna'].map((name, i) => ({ id: `g${i}`, name, photos: [event.shas[i]] }));
  fs.writeFileSync(dir('out/named/manifest.json'), JSON.stringify(manifest));
  await host.engine.api.exportEvent({ eventId: event.eventId, destination: dir('out/party.zip'), format: 'zip', includeOriginals: true });
  corpus = await makeMaliciousCorpus(dir('out/party'), dir('hostile'));
  guest = await openEngine({ libraryDir: dir('guest'), threads: 1, facePackDir: null });
}, 300_000);

afterAll(async () => {
  await guest?.close();
  await host?.close();
});

describe('looking inside a share package', () => {
  it('says what a package holds without writing anything', async () => {
    const before = fs.readdirSync(dir('guest'));
    const preview = await guest.api.inspectSharePackage({ source: dir('out/party') });
    expect(preview).toMatchObject({
      source: dir('out/party'),
      format: 'folder',
      eventName: 'Anna & Ben <3',
      photos: event.shas.length,
      videos: 0,
      people: [],
      hasOriginals: false,
      hasBiometrics: false,
    });
    expect(preview.bytes).toBeGreaterThan(0);
    expect(await guest.api.inspectSharePackage({ source: dir('out/named') })).toMatchObject({ people: ['Anna', 'Ben'], bytes: preview.bytes });
    expect(await guest.api.inspectSharePackage({ source: dir('out/party.zip') })).toMatchObject({ format: 'zip', hasOriginals: true, people: [] });
    expect(fs.readdirSync(dir('guest'))).toEqual(before);
  });

  it('refuses a hostile package with the reason the import gives, when its listing or manifest shows it', async () => {
    let refusedBeforeExtraction = 0;
    for (const hostile of corpus) {
      const inspected = await inspectSharePackage(hostile.path, hostile.limits).then(
        () => null,
        (e: unknown) => e,
      );
      const imported = await importSharePackage(hostile.path, dir(`never/${hostile.name}`), hostile.limits).then(
        () => null,
        (e: unknown) => e,
      );
      expect(imported, hostile.name).toBeInstanceOf(PackageRefusedError);
      // Checksums and content are checked as the bytes are copied: those refusals come with the import.
      if (inspected === null) continue;
      refusedBeforeExtraction++;
      expect(inspected, hostile.name).toBeInstanceOf(PackageRefusedError);
      expect((inspected as PackageRefusedError).message, hostile.name).toBe((imported as PackageRefusedError).message);
    }
    expect(refusedBeforeExtraction).toBeGreaterThan(corpus.length / 2);
    expect(fs.existsSync(dir('never')) ? fs.readdirSync(dir('never')) : []).toEqual([]);
  });

  it('reports a refusal through the API as invalid input naming the package and the reason', async () => {
    const zipSlip = corpus.find((c) => c.name === 'zip-slip')!;
    await expect(guest.api.inspectSharePackage({ source: zipSlip.path })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/zip-slip\.zip refused \(unsafe-path\): parent folder reference/),
    });
  });
});

describe('importing a share package into the library', () => {
  it('imports a package as a new event named as the package, its photos indexed', async () => {
    const imported = await guest.api.importSharePackageToLibrary({ source: dir('out/party.zip'), into: { kind: 'new-event' } });
    expect(imported).toMatchObject({ eventName: 'Anna & Ben <3', photos: event.shas.length, destination: path.join(dir('guest'), 'imports', 'party') });
    expect(imported.event).toMatchObject({ name: 'Anna & Ben <3', photoCount: event.shas.length });
    const photos = await guest.api.listEventPhotos({ eventId: imported.event.id, offset: 0, limit: 100 });
    expect(photos.items.map((photo) => photo.sha256).sort()).toEqual(event.shas);
  }, 120_000);

  it('imports into an existing event, and refuses an event that is not there before unpacking', async () => {
    const existing = await guest.api.createEvent({ name: 'Weekend' });
    await expect(guest.api.importSharePackageToLibrary({ source: dir('out/party'), into: { kind: 'event', eventId: 999 } })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(fs.existsSync(path.join(dir('guest'), 'imports', 'party-2'))).toBe(false);
    const imported = await guest.api.importSharePackageToLibrary({ source: dir('out/party'), into: { kind: 'event', eventId: existing.id } });
    expect(imported.event).toMatchObject({ id: existing.id, name: 'Weekend', photoCount: event.shas.length });
    expect(imported.destination).toBe(path.join(dir('guest'), 'imports', 'party-2'));
  }, 120_000);
});
