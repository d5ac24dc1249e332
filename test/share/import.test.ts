import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSharePackage } from '../../src/main/share/import';
import { manifestSchema } from '../../src/main/share/manifest';
import { PackageRefusedError, type RefusalReason } from '../../src/main/share/refusal';
import { openEventLibrary, type EventLibrary } from '../events/helpers/event-library';
import { filesUnder, makeShareEvent, type ShareEvent } from './helpers';
import { makeMaliciousCorpus, type MaliciousCase } from './malicious';

describe('importing share packages', () => {
  let lib: EventLibrary;
  let event: ShareEvent;
  let corpus: MaliciousCase[];
  const dir = (name: string) => path.join(lib.work, name);

  beforeAll(async () => {
    lib = await openEventLibrary('share-import');
    event = await makeShareEvent(lib);
    await lib.engine.api.exportEvent({ eventId: event.eventId, destination: dir('out/party'), format: 'folder', includeOriginals: false });
    await lib.engine.api.exportEvent({ eventId: event.eventId, destination: dir('out/party.zip'), format: 'zip', includeOriginals: true });
    corpus = await makeMaliciousCorpus(dir('out/party'), dir('hostile'));
  });
  afterAll(async () => lib?.close());

  it.each(['party', 'party.zip'])('round-trips a valid package (%s): same photos by sha256, data files only', async (name) => {
    const target = dir(`imported/${name}`);
    const result = await lib.engine.api.importSharePackage({ source: dir(`out/${name}`), destination: target });
    expect(result).toMatchObject({ destination: target, eventName: 'Anna & Ben <3', photos: 9 });
    const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8')));
    expect(manifest.photos.map((p) => p.sha256).sort()).toEqual(event.shas);
    // The sender's HTML and scripts are never taken in.
    const files = filesUnder(target);
    expect(files.filter((f) => !/^(images|thumbs|originals)\//.test(f))).toEqual(['manifest.json']);
    expect(files.filter((f) => f.startsWith('originals/')).length).toBe(name.endsWith('.zip') ? 9 : 0);
    // Originals are byte-identical to the library's files.
    for (const photo of manifest.photos.filter((p) => p.original)) {
      const bytes = fs.readFileSync(path.join(target, photo.original!.path));
      expect(bytes.length).toBe(photo.original!.bytes);
    }
    expect(result.files).toBe(files.length - 1);
  });

  it('refuses to import over an existing folder', async () => {
    await expect(lib.engine.api.importSharePackage({ source: dir('out/party'), destination: dir('out/party') })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses every hostile package with a message naming the package and the reason, writing nothing', async () => {
    // What became of each package: its refusal reason, or how it got through.
    const refused: Record<string, RefusalReason | string> = {};
    const messages: Record<string, string> = {};
    for (const hostile of corpus) {
      const target = dir(`imported-hostile/${hostile.name}`);
      const error = await importSharePackage(hostile.path, target, hostile.limits).then(
        () => null,
        (e: unknown) => e,
      );
      if (!(error instanceof PackageRefusedError)) {
        refused[hostile.name] = error === null ? 'imported' : `failed otherwise: ${String(error)}`;
        continue;
      }
      refused[hostile.name] = error.reason;
      messages[hostile.name] = error.message;
      expect(error.message).toContain(hostile.path);
      expect(fs.existsSync(target), `${hostile.name} wrote its destination`).toBe(false);
    }
    expect(refused).toEqual(Object.fromEntries(corpus.map((c) => [c.name, c.reason])));
    // Nothing escaped and no temp folder stayed behind.
    expect(fs.existsSync(dir('evil.txt')) || fs.existsSync(path.join(lib.work, '..', 'evil.txt'))).toBe(false);
    expect(fs.existsSync(dir('imported-hostile')) ? fs.readdirSync(dir('imported-hostile')) : []).toEqual([]);
    const byReason = Object.values(refused).reduce<Record<string, number>>((acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }), {});
    console.info(`refused ${corpus.length} hostile packages:`, JSON.stringify(byReason));
    expect(messages['newer-version']).toMatch(/format version 99 is newer than this Facet reads \(1\)/);
    // Each message names the file inside the package and what is wrong with it.
    expect(messages['overlapping-entries']).toMatch(/originals\/[0-9a-f]{64}\.jpg and originals\/[0-9a-f]{64}\.jpg share bytes of the zip/);
    expect(messages['expands-past-the-package']).toMatch(/its files expand to \d+ bytes, more than \d+x the package's \d+ bytes: a zip bomb/);
    expect(messages['image-not-webp']).toMatch(/images\/[0-9a-f-]+\.webp is not a photo or video: its content matches no known format/);
    expect(messages['image-is-a-jpeg']).toMatch(/images\/[0-9a-f-]+\.webp should be a WebP image but its content is image\/jpeg/);
    expect(messages['image-undecodable-webp']).toMatch(/images\/[0-9a-f-]+\.webp is not a decodable webp: /);
    expect(messages['original-not-media']).toMatch(/originals\/[0-9a-f]{64}\.jpg is not a photo or video/);
    expect(messages['original-undecodable-jpeg']).toMatch(/originals\/[0-9a-f]{64}\.jpg is not a decodable jpg: /);
  });

  it('reports refusals through the API as invalid input naming the package', async () => {
    const zipSlip = corpus.find((c) => c.name === 'zip-slip')!;
    await expect(lib.engine.api.importSharePackage({ source: zipSlip.path, destination: dir('api-refused') })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/zip-slip\.zip refused \(unsafe-path\): parent folder reference/),
    });
    await expect(lib.engine.api.importSharePackage({ source: dir('nope.zip'), destination: dir('api-refused') })).rejects.toThrow(
      /nope\.zip refused \(not-a-package\): no such file/,
    );
  });
});
