import { describe, expect, it } from 'vitest';
import { exactSearch, exactSearchMany } from '../../src/main/vectors/exact-search';

// Four 2-d unit vectors at 0, 30, 90 and 180 degrees.
const deg = (d: number) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)];
const matrix = new Float32Array([...deg(0), ...deg(30), ...deg(90), ...deg(180)]);

describe('exactSearch', () => {
  it('ranks rows by cosine similarity, best first', () => {
    const result = exactSearch(matrix, 2, new Float32Array(deg(20)), 3);
    expect(result.map((n) => n.faceId)).toEqual([1, 0, 2]);
    expect(result[0]!.similarity).toBeCloseTo(Math.cos((10 * Math.PI) / 180), 5);
  });

  it('names rows by their labels and returns at most the number of rows', () => {
    const result = exactSearch(matrix, 2, new Float32Array(deg(170)), 10, [11, 12, 13, 14]);
    expect(result.map((n) => n.faceId)).toEqual([14, 13, 12, 11]);
  });

  it('answers a batch exactly as single queries', () => {
    const queries = [deg(95), deg(-40)].map((q) => new Float32Array(q));
    expect(exactSearchMany(matrix, 2, queries, 2)).toEqual(queries.map((q) => exactSearch(matrix, 2, q, 2)));
  });

  it('rejects a query of the wrong length', () => {
    expect(() => exactSearch(matrix, 2, new Float32Array(3), 1)).toThrow(/3 values, expected 2/);
  });
});
