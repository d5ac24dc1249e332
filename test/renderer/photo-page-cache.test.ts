import { describe, expect, it } from 'vitest';
import type { PhotoPage, PhotoSummary } from '../../src/shared/api';
import { PhotoPageCache } from '../../src/renderer/src/screens/library/PhotoPageCache';

const total = 10_000;

function fakeLibrary(label = 'a') {
  const calls: number[] = [];
  const load = async (offset: number, limit: number): Promise<PhotoPage> => {
    calls.push(offset);
    const items = Array.from({ length: Math.min(limit, total - offset) }, (_, i) => photo(offset + i, label));
    return { total, offset, items };
  };
  return { calls, load };
}

function photo(offset: number, label: string): PhotoSummary {
  return {
    id: offset + 1,
    sha256: '',
    mediaType: 'image',
    fileName: `${label}-${offset}.jpg`,
    takenAt: null,
    width: null,
    height: null,
    hasThumb: true,
    missing: false,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('photo page cache', () => {
  it('fetches only the pages a range touches, once', async () => {
    const library = fakeLibrary();
    const cache = new PhotoPageCache(library.load, () => {}, (e) => { throw e; }, 100, 10);
    cache.request(250, 420);
    cache.request(250, 420);
    expect(cache.total).toBeNull();
    await settle();
    expect(library.calls).toEqual([200, 300, 400]);
    // The sequence's length comes with its pages: grids without a timeline size themselves from it.
    expect(cache.total).toBe(total);
    expect(cache.photoAt(250)?.fileName).toBe('a-250.jpg');
    expect(cache.photoAt(420)?.fileName).toBe('a-420.jpg');
    expect(cache.photoAt(500)).toBeUndefined();
  });

  it('keeps at most maxPages pages, dropping the least recently used', async () => {
    const library = fakeLibrary();
    const cache = new PhotoPageCache(library.load, () => {}, (e) => { throw e; }, 100, 3);
    for (const offset of [0, 100, 200]) cache.request(offset, offset);
    await settle();
    cache.request(0, 0); // page 0 used again: page 1 is now the oldest
    cache.request(300, 300);
    await settle();
    expect(cache.photoAt(0)).toBeDefined();
    expect(cache.photoAt(100)).toBeUndefined();
    expect(cache.photoAt(300)).toBeDefined();
  });

  it('after invalidate keeps showing old photos until the refetch replaces them', async () => {
    let label = 'old';
    const calls: number[] = [];
    const load = async (offset: number, limit: number): Promise<PhotoPage> => {
      calls.push(offset);
      return { total, offset, items: Array.from({ length: limit }, (_, i) => photo(offset + i, label)) };
    };
    let changes = 0;
    const cache = new PhotoPageCache(load, () => changes++, (e) => { throw e; }, 100, 10);
    cache.request(0, 0);
    await settle();
    label = 'new';
    cache.invalidate();
    expect(cache.photoAt(5)?.fileName).toBe('old-5.jpg');
    cache.request(0, 0);
    await settle();
    expect(cache.photoAt(5)?.fileName).toBe('new-5.jpg');
    expect(calls).toEqual([0, 0]);
    expect(changes).toBe(3);
  });

  it('reports a failed page and tries it again on the next request', async () => {
    let fail = true;
    const errors: unknown[] = [];
    const load = async (offset: number): Promise<PhotoPage> => {
      if (fail) throw new Error('engine unavailable');
      return { total, offset, items: [photo(offset, 'ok')] };
    };
    const cache = new PhotoPageCache(load, () => {}, (e) => errors.push(e), 100, 10);
    cache.request(0, 0);
    await settle();
    expect(errors).toHaveLength(1);
    fail = false;
    cache.request(0, 0);
    await settle();
    expect(cache.photoAt(0)?.fileName).toBe('ok-0.jpg');
  });
});
