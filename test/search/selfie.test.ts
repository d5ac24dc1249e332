/**
 * Selfie search through the engine and the CLI: one lfw10 photo of Tony Blair is held out of the
 * library (his other 9, the other lfw10 people and tvcast are indexed) and used as the selfie.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelfieSearchResult } from '../../src/shared/people-api';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { hasPeopleDatasets, labelledPhotos, lfw10, repoRoot, tempDir, tvcast, type LabelledPhoto } from '../people-service/helpers';

const heldOut = path.join(lfw10, 'Tony_Blair', 'Tony_Blair_0005.jpg');
const selfie = () => ({ fileName: 'selfie.jpg', base64: readFileSync(heldOut).toString('base64') });

describe.skipIf(!hasPeopleDatasets)('selfie search in a library of lfw10 (one photo held out) and tvcast', { tags: ['datasets'] }, () => {
  let libraryDir: string;
  let photosDir: string;
  let engine: FacetEngine;
  let photos: LabelledPhoto[];
  let tony: Set<number>;

  beforeAll(async () => {
    libraryDir = await tempDir('search');
    photosDir = await tempDir('search-photos');
    await fs.cp(lfw10, path.join(photosDir, 'lfw10'), { recursive: true, filter: (src) => src !== heldOut });
    engine = await openEngine({ libraryDir, threads: 2 });
    await engine.api.addFolderSource({ path: path.join(photosDir, 'lfw10') });
    await engine.api.addFolderSource({ path: tvcast });
    await engine.indexAll();
    photos = await labelledPhotos(engine);
    tony = new Set(photos.filter((p) => p.identity === 'Tony_Blair').map((p) => p.photoId));
  });
  afterAll(async () => {
    await engine?.close();
    for (const dir of [libraryDir, photosDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const search = (input: Partial<Parameters<FacetEngine['api']['searchBySelfie']>[0]> = {}): Promise<SelfieSearchResult> =>
    engine.api.searchBySelfie({ images: [selfie()], scope: { kind: 'library' }, limit: 500, ...input });

  it("finds the held-out person's photos first", async () => {
    expect(tony.size).toBe(9);
    const result = await search();
    const ids = result.matches.map((m) => m.photo.id);
    const hits = ids.filter((id) => tony.has(id)).length;
    const precision = hits / Math.max(ids.length, 1);
    const recall = hits / tony.size;
    console.log(
      `selfie search: ${ids.length} matches, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; ` +
        `similarities ${result.matches.map((m) => `${tony.has(m.photo.id) ? '' : '!'}${m.similarity.toFixed(3)}`).join(' ')}; ` +
        `detect+embed ${result.timings.detectEmbedMs.toFixed(0)} ms, search ${result.timings.searchMs.toFixed(1)} ms`,
    );
    expect(result.queryFaces.length).toBeGreaterThanOrEqual(1);
    expect(result.usedFaceIndex).toBe(0);
    expect(recall).toBeGreaterThanOrEqual(0.85);
    expect(precision).toBeGreaterThanOrEqual(0.85);
    // Everything of his ranks above everything else.
    const firstOther = ids.findIndex((id) => !tony.has(id));
    if (firstOther >= 0) expect(ids.slice(firstOther).some((id) => tony.has(id))).toBe(false);
    for (const m of result.matches) {
      expect(m.confidence).toBeGreaterThanOrEqual(0.5);
      expect(m.similarity).toBeLessThanOrEqual(1);
    }
    const sims = result.matches.map((m) => m.similarity);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.timings.detectEmbedMs).toBeGreaterThan(0);
    expect(result.timings.searchMs).toBeGreaterThan(0);
  });

  it('suggests the person by name once named', async () => {
    expect((await search()).suggestion).toBeNull();
    const personId = photos.find((p) => p.identity === 'Tony_Blair')!.face.personId!;
    await engine.api.renamePerson({ personId, name: 'Tony Blair' });
    const result = await search();
    expect(result.suggestion).toMatchObject({ personId, name: 'Tony Blair' });
    expect(result.suggestion!.confidence).toBeGreaterThanOrEqual(0.9);
    // Averaging a second selfie of him keeps the answer.
    const twice = await search({ images: [selfie(), { ...selfie(), fileName: 'again.jpg' }] });
    expect(twice.suggestion?.personId).toBe(personId);
    // Not-this-person scope: only photos where he was not recognized.
    const missed = await search({ scope: { kind: 'not-person', personId } });
    const his = new Set((await engine.api.listPersonPhotos({ personId, offset: 0, limit: 100 })).items.map((p) => p.id));
    expect(missed.matches.filter((m) => his.has(m.photo.id))).toEqual([]);
    expect(missed.suggestion?.personId).toBe(personId);
  });

  it('restricts results to an event or a source', async () => {
    const some = [...tony].slice(0, 3);
    const others = photos
      .filter((p) => p.identity !== 'Tony_Blair')
      .slice(0, 5)
      .map((p) => p.photoId);
    const event = await engine.api.createEvent({ name: 'Summit', selection: { kind: 'photos', photoIds: [...some, ...others] } });
    const inEvent = await search({ scope: { kind: 'event', eventId: event.id } });
    expect(inEvent.matches.map((m) => m.photo.id).sort()).toEqual([...some].sort());

    const tvSource = (await engine.api.listSources({})).find((s) => s.root === tvcast)!;
    const inTv = await search({ scope: { kind: 'source', sourceId: tvSource.id } });
    const tvPhotos = new Set(photos.filter((p) => p.path.startsWith(tvcast)).map((p) => p.photoId));
    expect(inTv.matches.every((m) => tvPhotos.has(m.photo.id))).toBe(true);
    await expect(search({ scope: { kind: 'event', eventId: 99_999 } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses bad selfies naming the file and the reason', async () => {
    await expect(search({ images: [{ fileName: 'broken.jpg', base64: Buffer.from('not an image at all').toString('base64') }] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^broken\.jpg: not a readable image/),
    });
    const sky = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8ab4e8' } })
      .jpeg()
      .toBuffer();
    await expect(search({ images: [{ fileName: 'sky.jpg', base64: sky.toString('base64') }] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'sky.jpg: no face found in the image',
    });
    await expect(search({ faceIndex: 7 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('faceIndex 7') });
  });

  it('answers `facet search --selfie --json` and `facet people --json` from the CLI', async () => {
    const run = promisify(execFile);
    const cli = (args: string[]) =>
      run(process.execPath, [path.join(repoRoot, 'bin/facet.js'), '--library', libraryDir, ...args], { cwd: repoRoot, maxBuffer: 1 << 24 });
    const { stdout } = await cli(['search', '--selfie', heldOut, '--json']);
    const result = JSON.parse(stdout) as SelfieSearchResult;
    expect(result.suggestion?.name).toBe('Tony Blair');
    expect(result.matches.filter((m) => tony.has(m.photo.id)).length).toBeGreaterThanOrEqual(7);
    const people = JSON.parse((await cli(['people', '--json'])).stdout) as { name: string | null }[];
    expect(people[0]!.name).toBe('Tony Blair');
    // tvcast's stills carry no capture date: their people are listed as undated, not "? .. ?".
    const lines = (await cli(['people'])).stdout.trim().split('\n');
    expect(lines.some((line) => line.endsWith('\tundated'))).toBe(true);
    expect(lines.some((line) => line.includes('?'))).toBe(false);
  });
});
