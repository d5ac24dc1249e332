import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import type { PhotoPage } from '../../src/shared/api';
import { runFacet } from '../catalog/helpers/facet-cli';
import { makeTempDir } from '../library/helpers/temp';
import { placedPhotos, writePlacedPhotos } from '../fixtures/placed-photos';

describe('facet search --place / --from / --to', () => {
  const temp = makeTempDir('places-cli');
  const root = path.join(temp.dir, 'photos');
  const libraryDir = path.join(temp.dir, 'library');

  beforeAll(async () => {
    await writePlacedPhotos(root, placedPhotos);
    const engine = await openEngine({ libraryDir, threads: 1, facePackDir: null });
    try {
      await engine.api.addFolderSource({ path: root });
      await engine.indexAll();
    } finally {
      await engine.close();
    }
  }, 120_000);
  afterAll(() => temp.cleanup());

  it('lists the photos taken at a place within a date range, newest first', async () => {
    const run = await runFacet(libraryDir, ['search', '--place', 'Lisbon', '--from', '2024-01-01', '--to', '2024-12-31']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('5 photos');
    expect(lines.slice(1).map((line) => line.split('\t').slice(1))).toEqual(
      // exiftool infers the zone from the GPS position: Lisbon in May is UTC+1.
      [18, 17, 16, 15, 14].map((hour, i) => [`2024-05-11T${hour}:00:00+01:00`, `L${5 - i}.jpg`]),
    );

    const json = await runFacet(libraryDir, ['search', '--place', 'portugal', '--to', '2024-05-31', '--limit', '2', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const page = JSON.parse(json.stdout) as Pick<PhotoPage, 'total' | 'items'>;
    expect(page.total).toBe(5);
    expect(page.items.map((photo) => photo.fileName)).toEqual(['L5.jpg', 'L4.jpg']);
  }, 60_000);

  it('says in one line what is wrong with a search', async () => {
    const cases: [string[], RegExp][] = [
      [['search'], /give --selfie <image>, and\/or --place <words> and\/or --from \/ --to/],
      [['search', '--from', '2024-13-01'], /invalid_input: searchPhotos: filter\.from: no such date/],
      [['search', '--from', '2024-06-01', '--to', '2024-05-01'], /the date range ends before it starts/],
      [['search', '--place', 'Lisbon', '--event', '1'], /--event and --face-index go with --selfie/],
    ];
    for (const [args, message] of cases) {
      const run = await runFacet(libraryDir, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  }, 60_000);
});
