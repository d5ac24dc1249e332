import { describe, expect, it } from 'vitest';
import { chooseKeeper, type KeeperCandidate } from '../../src/main/duplicates/keeper';

const photo = (photoId: number, change: Partial<KeeperCandidate> = {}): KeeperCandidate => ({
  photoId,
  width: 2000,
  height: 1500,
  sharpness: 100,
  takenAt: '2023-07-14T10:30:00+02:00',
  mtimeMs: Date.parse('2024-01-01T00:00:00Z'),
  ...change,
});

describe('the suggested keeper of a duplicate group', () => {
  it('is the largest photo, whatever its sharpness or date', () => {
    expect(
      chooseKeeper([photo(1, { sharpness: 500 }), photo(2, { width: 4000, height: 3000, sharpness: 50 }), photo(3, { width: 1000, height: 750 })]),
    ).toEqual({
      photoId: 2,
      reason: 'Largest: 4000 × 3000 (the next is 2000 × 1500)',
    });
  });

  it('is the sharpest of the largest, a little noise aside', () => {
    expect(chooseKeeper([photo(1, { sharpness: 80 }), photo(2, { sharpness: 120 }), photo(3, { width: 100, height: 75, sharpness: 900 })])).toEqual({
      photoId: 2,
      reason: 'Sharpest of the same size (2000 × 1500): 50% more detail than the next',
    });
    // Within 10%: as sharp, so the earliest taken.
    const close = chooseKeeper([photo(1, { sharpness: 105, takenAt: '2023-07-15T09:00:00+02:00' }), photo(2, { sharpness: 100 })]);
    expect(close).toEqual({ photoId: 2, reason: 'Same size and sharpness; earliest taken (2023-07-14)' });
  });

  it('is the earliest: capture time, else the oldest file, else the first indexed', () => {
    expect(chooseKeeper([photo(1), photo(2, { takenAt: null }), photo(3, { takenAt: '2021-05-01T08:00:00' })]).photoId).toBe(3);
    expect(chooseKeeper([photo(5, { mtimeMs: 2000 }), photo(4, { mtimeMs: 1000 })])).toEqual({
      photoId: 4,
      reason: 'Same size and sharpness; the oldest file (1970-01-01)',
    });
    expect(chooseKeeper([photo(7), photo(6)])).toEqual({ photoId: 6, reason: 'Same size and sharpness; the first one added to the library' });
  });
});
