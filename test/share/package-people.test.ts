/**
 * Packages of an event with real faces (lfw10: Tony Blair, Colin Powell, George W Bush, one Blair
 * photo held out as a guest's selfie): each person once in a package's list of names, however
 * the host chose them; and "export for everyone" reports, and estimates beforehand, the bytes on
 * disk of each package it writes, face search runtime and models included.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { manifestSchema, type ShareManifest } from '../../src/main/share/manifest';
import { searchFiles } from '../../src/main/share/viewer-search/contract';
import type { EventGuestInfo } from '../../src/shared/guests-api';
import { chromiumLaunchOptions, haveChromium, launchChromium, openPackageViewer } from '../helpers/chromium';
import { labelledPhotos, lfw10, tempDir } from '../people-service/helpers';
import { bytesOnDisk, emptyFolders, zipEntryNames } from './helpers';

const haveLfw = existsSync(lfw10);
if (!haveLfw) console.warn(`package people test SKIPPED: ${lfw10} is absent`);
if (!haveChromium) console.warn(`package people test: viewer checks SKIPPED, ${chromiumLaunchOptions.executablePath} is missing`);

const identities = ['Tony_Blair', 'Colin_Powell', 'George_W_Bush'];
const heldOut = path.join(lfw10, 'Tony_Blair', 'Tony_Blair_0005.jpg');

describe.skipIf(!haveLfw)('names and sizes of packages of an event with real faces', { tags: ['datasets'] }, () => {
  let libraryDir: string;
  let photosDir: string;
  let engine: FacetEngine;
  let eventId: number;
  let colinPerson: number;
  /** Linked to Colin Powell's person under another name. */
  let cid: EventGuestInfo;
  /** From the held-out selfie, linked to nobody. */
  let anna: EventGuestInfo;
  const out = (name: string) => path.join(libraryDir, 'out', name);
  const readManifest = async (dir: string): Promise<ShareManifest> =>
    manifestSchema.parse(JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')));

  beforeAll(async () => {
    libraryDir = await tempDir('share-people');
    photosDir = await tempDir('share-people-photos');
    for (const identity of identities) {
      await fs.cp(path.join(lfw10, identity), path.join(photosDir, identity), { recursive: true, filter: (src) => src !== heldOut });
    }
    engine = await openEngine({ libraryDir, threads: 2 });
    await engine.api.addFolderSource({ path: photosDir });
    await engine.indexAll();
    const photos = await labelledPhotos(engine);
    const event = await engine.api.createEvent({ name: 'Summit', selection: { kind: 'photos', photoIds: photos.map((p) => p.photoId) } });
    eventId = event.id;
    // Colin Powell's person: the one most of his photos' faces went to.
    const votes = new Map<number, number>();
    for (const p of photos) if (p.identity === 'Colin_Powell' && p.face.personId !== null) votes.set(p.face.personId, (votes.get(p.face.personId) ?? 0) + 1);
    colinPerson = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    await engine.api.renamePerson({ personId: colinPerson, name: 'Colin Powell' });
    cid = await engine.api.addEventGuest({ eventId, name: 'Cid', personId: colinPerson });
    anna = await engine.api.addEventGuest({
      eventId,
      name: 'Anna Tee',
      selfies: [{ fileName: 'selfie.jpg', base64: readFileSync(heldOut).toString('base64') }],
    });
    expect(cid.photoCount).toBeGreaterThan(0);
    expect(anna.photoCount).toBeGreaterThan(0);
  }, 600_000);
  afterAll(async () => {
    await engine?.close();
    for (const dir of [libraryDir, photosDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('lists a guest linked to a listed person once, under the name the host gave the person', async () => {
    const dir = out('summit');
    await engine.api.exportEvent({
      eventId,
      destination: dir,
      format: 'folder',
      includeOriginals: false,
      includePeople: [colinPerson],
      includeGuests: [cid.id, anna.id],
    });
    const manifest = await readManifest(dir);
    const shasOf = async (guestId: number) => (await engine.api.listGuestPhotos({ guestId, offset: 0, limit: 2000 })).items.map((p) => p.sha256);
    const colinShas = (await engine.api.listPersonPhotos({ personId: colinPerson, offset: 0, limit: 2000 })).items.map((p) => p.sha256);
    expect(manifest.people).toEqual([{ id: `person-${colinPerson}`, name: 'Colin Powell', photos: expect.any(Array) }]);
    expect(new Set(manifest.people[0]!.photos)).toEqual(new Set([...colinShas, ...(await shasOf(cid.id))]));
    expect(manifest.guests).toEqual([{ id: `guest-${anna.id}`, name: 'Anna Tee', photos: expect.any(Array) }]);
    expect(new Set(manifest.guests[0]!.photos)).toEqual(new Set(await shasOf(anna.id)));

    // The person chosen twice, or through a guest alone, is one entry too.
    await engine.api.exportEvent({
      eventId,
      destination: dir,
      format: 'folder',
      includeOriginals: false,
      includePeople: [colinPerson, colinPerson],
      includeGuests: [cid.id],
    });
    expect((await readManifest(dir)).people.map((m) => m.name)).toEqual(['Colin Powell']);
    expect((await readManifest(dir)).guests).toEqual([]);
  });

  it.skipIf(!haveChromium)("the viewer's filter shows each name once", async () => {
    const dir = out('summit-viewer');
    await engine.api.exportEvent({
      eventId,
      destination: dir,
      format: 'folder',
      includeOriginals: false,
      includePeople: [colinPerson],
      includeGuests: [cid.id, anna.id],
    });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const { page, problems } = await openPackageViewer(browser, dir);
      await expect.poll(() => page.locator('#filter option').count()).toBe(3);
      expect(await page.locator('#filter option').allTextContents()).toEqual(['Everyone', 'Colin Powell', 'Anna Tee']);
      expect(problems).toEqual([]);
    } finally {
      await browser?.close();
    }
  });

  it('export for everyone, face search included: each package reports its bytes on disk, estimated beforehand', async () => {
    for (const format of ['zip', 'folder'] as const) {
      const options = { eventId, format, includeOriginals: false, includeGuests: [anna.id], includeBiometrics: true };
      const estimate = await engine.api.estimateEventExport({ ...options, forEveryone: true });
      const result = await engine.api.exportEventForEveryone({ ...options, destination: out(`everyone-${format}`) });
      expect(result.skipped).toEqual([]);
      expect(result.packages.map((p) => p.name).sort()).toEqual(['Anna Tee', 'Cid']);
      for (const pkg of result.packages) {
        if (format === 'zip') {
          expect(pkg.bytes).toBe(statSync(pkg.destination).size);
          expect(await zipEntryNames(pkg.destination)).toEqual(expect.arrayContaining(Object.values(searchFiles)));
        } else {
          expect(pkg.bytes).toBe(bytesOnDisk(pkg.destination));
          expect(emptyFolders(pkg.destination)).toEqual([]);
        }
        // The runtime and models alone are megabytes: a report of the photos only is off by as much.
        expect(pkg.bytes).toBeGreaterThan(5_000_000);
      }
      expect(result.bytes).toBe(result.packages.reduce((sum, p) => sum + p.bytes, 0));
      console.log(
        `export for everyone (${format}): ${result.packages.map((p) => `${p.name} ${p.photos} photos ${p.bytes} bytes`).join(', ')}; estimated ${estimate.bytes}`,
      );
      expect(estimate.packages).toBe(result.packages.length);
      expect(Math.abs(estimate.bytes - result.bytes) / result.bytes).toBeLessThan(0.05);
    }
  });
});
