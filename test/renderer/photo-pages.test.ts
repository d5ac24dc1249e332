import { describe, expect, it } from 'vitest';
import { pagesFor, photoPageSize } from '../../src/renderer/src/data/photoPages';

describe('photo pages for a grid range', () => {
  it('covers the rows in view with as few pages as touch them', () => {
    expect(pagesFor(0, 0, null)).toEqual([0]);
    expect(pagesFor(0, photoPageSize - 1, null)).toEqual([0]);
    expect(pagesFor(photoPageSize - 10, photoPageSize + 10, null)).toEqual([0, 1]);
    expect(pagesFor(50_000, 50_300, null)).toEqual([100]);
  });

  it('adds the page of a pinned photo (the focused tile, the open one) without those between', () => {
    expect(pagesFor(50_000, 50_300, 10)).toEqual([0, 100]);
    expect(pagesFor(50_000, 50_300, 50_100)).toEqual([100]);
  });

  it('asks for nothing for an empty range', () => {
    expect(pagesFor(0, -1, null)).toEqual([]);
    expect(pagesFor(0, -1, 7)).toEqual([0]);
  });
});
