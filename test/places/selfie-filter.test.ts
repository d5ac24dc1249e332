/**
 * A selfie search narrowed by where and when: copies of lfw10 photos (never the dataset's files)
 * get capture times and GPS positions, so one person's photos are spread over Porto in 2023 and
 * Lisbon in 2024.
 */
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import type { SelfieSearchResult } from '../../src/shared/people-api';
import type { PhotoSearchFilter } from '../../src/shared/places-api';
import { runFacet } from '../catalog/helpers/facet-cli';
import { hasPeopleDatasets, lfw10, tempDir } from '../people-service/helpers';
import { lisbon, placeTags, porto } from '../fixtures/placed-photos';

const person = 'Tony_Blair';
const heldOut = `${person}_0005.jpg`;
const others = ['Colin_Powell', 'George_W_Bush'];

describe.skipIf(!hasPeopleDatasets)('selfie search with a place and date filter', { tags: ['datasets'] }, () => {
  let libraryDir: string;
  let photosDir: string;
  let engine: FacetEngine;
  /** The person's photos by file name: where and when they were "taken". */
  const porto2023 = new Set<string>();
  const lisbon2024 = new Set<string>();

  beforeAll(async () => {
    libraryDir = await tempDir('selfie-filter');
    photosDir = await tempDir('selfie-filter-photos');
    const exiftool = new ExifTool({ maxProcs: 1 });
    try {
      for (const folder of [person, ...others]) {
        await fs.mkdir(path.join(photosDir, folder));
        const names = (await fs.readdir(path.join(lfw10, folder))).filter((name) => name !== heldOut).sort();
        for (const [i, name] of names.entries()) {
          const copy = path.join(photosDir, folder, name);
          await fs.copyFile(path.join(lfw10, folder, name), copy);
          const inPorto = folder === person && i < 4;
          if (folder === person) (inPorto ? porto2023 : lisbon2024).add(name);
          const takenAt = inPorto ? `2023-03-0${i + 1}T12:00:00` : `2024-05-11T1${i % 10}:00:00`;
          await exiftool.write(copy, placeTags({ takenAt, gps: inPorto ? porto : lisbon }), { writeArgs: ['-overwrite_original'] });
        }
      }
    } finally {
      await exiftool.end();
    }
    engine = await openEngine({ libraryDir, threads: 2 });
    await engine.api.addFolderSource({ path: photosDir });
    await engine.indexAll();
  }, 300_000);
  afterAll(async () => {
    await engine?.close();
    for (const dir of [libraryDir, photosDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const found = async (filter?: PhotoSearchFilter) => {
    const selfie = { fileName: 'selfie.jpg', base64: readFileSync(path.join(lfw10, person, heldOut)).toString('base64') };
    const result = await engine.api.searchBySelfie({ images: [selfie], scope: { kind: 'library' }, limit: 500, filter });
    return result.matches.map((match) => match.photo.fileName);
  };

  it('finds the person only in the photos the filter lets through', async () => {
    const all = await found();
    expect(all.filter((name) => porto2023.has(name)).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((name) => lisbon2024.has(name)).length).toBeGreaterThanOrEqual(4);

    const inPorto = await found({ place: 'porto' });
    expect(inPorto.length).toBeGreaterThanOrEqual(3);
    expect(inPorto.every((name) => porto2023.has(name))).toBe(true);

    const in2024 = await found({ from: '2024-01-01', to: '2024-12-31' });
    expect(in2024.length).toBeGreaterThanOrEqual(4);
    expect(in2024.every((name) => lisbon2024.has(name))).toBe(true);

    expect(await found({ place: 'lisbon', to: '2023-12-31' })).toEqual([]);
  }, 120_000);

  it('takes the filter from the command line too', async () => {
    await engine.close();
    const run = await runFacet(libraryDir, ['search', '--selfie', path.join(lfw10, person, heldOut), '--place', 'Porto', '--to', '2023-12-31', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const names = (JSON.parse(run.stdout) as SelfieSearchResult).matches.map((match) => match.photo.fileName);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names.every((name) => porto2023.has(name))).toBe(true);
  }, 120_000);
});
