import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type FacetEngine } from '../../src/main/api/engine';
import { Catalog, libraryLayout, seedSyntheticPhotos } from '../../src/main/catalog';
import type { CoverCandidate } from '../../src/main/domain/events';
import { chooseCover, placeOfRun, suggestionName } from '../../src/main/events/suggest';

const t = (iso: string) => Date.parse(`${iso}Z`);

describe('suggestion names', () => {
  it('say the weekday and the part of the day holding most photos', () => {
    expect(suggestionName([t('2025-07-12T13:00:00'), t('2025-07-12T14:10:00'), t('2025-07-12T16:40:00')])).toBe('Saturday afternoon, 12 Jul 2025');
    expect(suggestionName(['08:00', '09:00', '10:00', '11:00', '12:00'].map((h) => t(`2024-06-15T${h}:00`)))).toBe('Saturday morning, 15 Jun 2024');
    // A party running into the small hours is the evening of the day it started.
    expect(suggestionName(['19:00', '20:00', '21:00'].map((h) => t(`2024-03-09T${h}:00`)).concat(t('2024-03-10T01:30:00')))).toBe(
      'Saturday evening, 9 Mar 2024',
    );
    expect(suggestionName([t('2024-03-09T23:00:00'), t('2024-03-10T02:00:00'), t('2024-03-10T03:00:00')])).toBe('Saturday night, 9 Mar 2024');
  });

  it('say only the weekday for a whole day out, and the days for a trip', () => {
    expect(suggestionName(['09:00', '13:00', '18:30'].map((h) => t(`2023-07-14T${h}:00`)))).toBe('Friday, 14 Jul 2023');
    expect(suggestionName([t('2023-07-14T10:00:00'), t('2023-07-16T10:00:00')])).toBe('Friday to Sunday, 14–16 Jul 2023');
    expect(suggestionName([t('2023-12-30T10:00:00'), t('2024-01-02T10:00:00')])).toBe('Saturday to Tuesday, 30 Dec 2023 – 2 Jan 2024');
    expect(suggestionName([t('2023-06-01T10:00:00'), t('2023-06-20T10:00:00')])).toBe('1–20 Jun 2023');
  });

  it('say the town most photos were taken in, when they have places', () => {
    expect(suggestionName([t('2024-05-11T14:00:00'), t('2024-05-11T15:00:00')], 'Lisbon')).toBe('Saturday afternoon in Lisbon, 11 May 2024');
    expect(
      suggestionName(
        ['09:00', '13:00', '18:30'].map((h) => t(`2023-07-14T${h}:00`)),
        'Sintra',
      ),
    ).toBe('Friday in Sintra, 14 Jul 2023');
    expect(suggestionName([t('2023-07-14T10:00:00'), t('2023-07-16T10:00:00')], 'Porto')).toBe('Friday to Sunday in Porto, 14–16 Jul 2023');
    expect(suggestionName([t('2023-06-01T10:00:00'), t('2023-06-20T10:00:00')], 'Lisbon')).toBe('Lisbon, 1–20 Jun 2023');
    expect(placeOfRun([{ place: null }, { place: 'Sintra' }, { place: 'Lisbon' }, { place: 'Lisbon' }])).toBe('Lisbon');
    expect(placeOfRun([{ place: 'Sintra' }, { place: 'Lisbon' }])).toBe('Sintra');
    expect(placeOfRun([{ place: null }])).toBeNull();
  });
});

describe('suggestion covers', () => {
  const photo = (id: number, faces: CoverCandidate['faces'] = [], extra: Partial<CoverCandidate> = {}): CoverCandidate => ({
    id,
    showable: true,
    pixels: 12_000_000,
    faces,
    ...extra,
  });
  const face = (personId: number, quality: number, named = false) => ({ personId, quality, named });

  it('prefer the most frequent person, on their best face, over a stranger in one photo', () => {
    const run = [photo(1, [face(9, 0.99)]), photo(2, [face(4, 0.5)]), photo(3, [face(4, 0.8), face(7, 0.2)]), photo(4, [face(7, 0.9)]), photo(5)];
    expect(chooseCover(run)).toBe(3);
    // A person the user named counts even when seen once.
    expect(chooseCover([photo(1, [face(9, 0.99)]), photo(2, [face(5, 0.3, true)])])).toBe(2);
    // The most frequent person's photos cannot be shown: the next person's can.
    expect(
      chooseCover([
        photo(1, [face(4, 0.9)], { showable: false }),
        photo(2, [face(4, 0.9)], { showable: false }),
        photo(3, [face(7, 0.5)]),
        photo(4, [face(7, 0.4)]),
        photo(5),
      ]),
    ).toBe(3);
  });

  it('fall back to the largest showable photo, the earlier one on a tie', () => {
    expect(chooseCover([photo(1, [face(9, 0.99)]), photo(2, [], { pixels: 24_000_000 }), photo(3, [], { pixels: 24_000_000 })])).toBe(2);
    expect(chooseCover([photo(1, [], { pixels: 99_000_000, showable: false }), photo(2)])).toBe(2);
    expect(chooseCover([photo(1, [], { showable: false }), photo(2, [], { showable: false, pixels: 2 })])).toBe(1);
    expect(chooseCover([])).toBeNull();
  });
});

describe('suggestions over a catalog with people', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-suggest-cover-'));
  let engine: FacetEngine;
  let ids: number[];

  beforeAll(async () => {
    // 12 photos 5 hours apart: one run, from Sunday 29 Dec 2024 at 11:00 to Tuesday 31 Dec at 18:00.
    await seedSyntheticPhotos(dir, 12, { withThumbs: true });
    const catalog = Catalog.open(libraryLayout(dir).catalogFile);
    try {
      const rows = catalog.db.prepare('SELECT id, sha256 FROM files ORDER BY sort_time, id').all() as { id: number; sha256: string }[];
      ids = rows.map((row) => row.id);
      const person = (name: string | null, hidden = 0) =>
        Number(catalog.db.prepare('INSERT INTO people (name, hidden, created_at) VALUES (?, ?, ?)').run(name, hidden, 'now').lastInsertRowid);
      const addFace = (index: number, personId: number | null, quality: number) =>
        catalog.db
          .prepare(
            `INSERT INTO faces (sha256, box_x, box_y, box_w, box_h, det_score, quality, person_id, created_at)
            VALUES (?, 10, 10, 100, 100, 0.9, ?, ?, 'now')`,
          )
          .run(rows[index]!.sha256, quality, personId);
      const stranger = person(null);
      const friend = person(null);
      const hidden = person('Ex', 1);
      // The first photo, the old cover, is a stranger's sharp portrait.
      addFace(0, stranger, 0.99);
      addFace(3, friend, 0.4);
      addFace(6, friend, 0.7);
      addFace(9, friend, 0.5);
      for (const index of [1, 2, 4, 5, 7]) addFace(index, hidden, 0.95);
      addFace(8, null, 0.99);
    } finally {
      catalog.close();
    }
    engine = await openEngine({ libraryDir: dir });
  });
  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('covers the run with the best photo of its most frequent visible person and names it by its days', async () => {
    const [suggestion, ...others] = await engine.api.suggestEvents({});
    expect(others).toEqual([]);
    expect(suggestion).toMatchObject({ photoCount: 12, coverPhotoId: ids[6] });
    expect(suggestion!.name).toBe('Sunday to Tuesday, 29–31 Dec 2024');
  });
});
