import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/main/api/engine';
import { runFacet } from '../catalog/helpers/facet-cli';
import { makeTempDir } from '../library/helpers/temp';
import { writeSmallPhotos } from '../library/helpers/small-photos';

describe('facet favourite / rate / hide', () => {
  const temp = makeTempDir('organize-cli');
  const library = path.join(temp.dir, 'library');
  let ids: number[];

  beforeAll(async () => {
    const photos = path.join(temp.dir, 'photos');
    await writeSmallPhotos(photos, 4, 64);
    const engine = await openEngine({ libraryDir: library, facePackDir: null, threads: 1 });
    try {
      await engine.api.addFolderSource({ path: photos });
      await engine.indexAll();
      ids = (await engine.api.listPhotos({ offset: 0, limit: 10 })).items.map((p) => p.id);
    } finally {
      await engine.close();
    }
  }, 120_000);
  afterAll(() => temp.cleanup());

  const listed = async (...flags: string[]) => {
    const run = await runFacet(library, ['photos', '--json', ...flags]);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { id: number; favourite: boolean; rating: number }[]).map((p) => p.id);
  };

  it('marks favourites, rates and hides photos; `facet photos` filters by them', async () => {
    const favourite = await runFacet(library, ['favourite', String(ids[0]), String(ids[2])]);
    expect(favourite.code, favourite.stderr).toBe(0);
    expect(favourite.stdout).toBe('2 of 2 photos made favourites.\n');
    expect(await listed('--favourites')).toEqual([ids[0], ids[2]]);

    const rate = await runFacet(library, ['rate', String(ids[1]), '4']);
    expect(rate.code, rate.stderr).toBe(0);
    expect(rate.stdout).toBe(`Photo ${ids[1]}: 4 stars.\n`);
    expect(await listed('--min-rating', '3')).toEqual([ids[1]]);

    const hide = await runFacet(library, ['hide', String(ids[3])]);
    expect(hide.stdout).toBe('1 of 1 photos hidden from the library.\n');
    expect(await listed()).toEqual(ids.slice(0, 3));
    expect(await listed('--hidden')).toEqual([ids[3]]);
    expect((await runFacet(library, ['hide', '--off', String(ids[3])])).stdout).toBe('1 of 1 photos back in the library.\n');
    expect((await runFacet(library, ['favourite', '--off', String(ids[0])])).stdout).toBe('1 of 1 photos no longer favourites.\n');
    expect(await listed('--favourites')).toEqual([ids[2]]);
  }, 120_000);

  it('says what is wrong with bad input, in one line', async () => {
    const stars = await runFacet(library, ['rate', String(ids[0]), '7']);
    expect(stars).toMatchObject({ code: 2, stderr: 'facet: a rating is 0 to 5 stars, not 7\n' });
    const notAnId = await runFacet(library, ['favourite', 'IMG_1.jpg']);
    expect(notAnId).toMatchObject({ code: 2, stderr: 'facet: not a photo id: IMG_1.jpg\n' });
    const unknown = await runFacet(library, ['hide', '987654']);
    expect(unknown).toMatchObject({ code: 2, stderr: 'facet: not_found: no photo with id 987654\n' });
    const minRating = await runFacet(library, ['photos', '--min-rating', 'lots']);
    expect(minRating.code).toBe(2);
    expect(minRating.stderr).toMatch(/^facet: invalid_input: listPhotos: minRating: .+\n$/);
  }, 120_000);
});
