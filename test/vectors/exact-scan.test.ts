/**
 * The exact scan that answers while the face index catches up holds the embeddings it read: later
 * searches do not read the catalog again, faces told stored or hidden are read or dropped, and
 * after a reconcile (faces deleted with their photos) the catalog is read again in full.
 */
import { describe, expect, it } from 'vitest';
import { ExactFaceScan, type ExactScanSource } from '../../src/main/vectors/exact-scan';
import { exactSearch } from '../../src/main/vectors/exact-search';
import { seededRandom } from '../fixtures/seeded-random';
import type { FaceVector } from '../../src/main/vectors/face-vector';

const dim = 4;

function unit(...values: number[]): Float32Array {
  const v = Float32Array.from(values);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** A catalog of searchable faces that counts what the scan reads. */
class Catalog implements ExactScanSource {
  readonly dim = dim;
  readonly faces = new Map<number, Float32Array>();
  fullReads = 0;
  facesRead = 0;

  state() {
    return { count: this.faces.size, lastFaceId: Math.max(0, ...this.faces.keys()) };
  }

  *all(): Iterable<FaceVector> {
    this.fullReads++;
    for (const [faceId, vector] of this.faces) {
      this.facesRead++;
      yield { faceId, vector };
    }
  }

  some(faceIds: readonly number[]): FaceVector[] {
    const rows = faceIds.filter((id) => this.faces.has(id)).map((faceId) => ({ faceId, vector: this.faces.get(faceId)! }));
    this.facesRead += rows.length;
    return rows;
  }
}

function catalogOf(count: number): Catalog {
  const catalog = new Catalog();
  for (let id = 1; id <= count; id++) catalog.faces.set(id, unit(1, id / count, 0.1, 0.1));
  return catalog;
}

const ids = (scan: ExactFaceScan, query: Float32Array, k = 3) => scan.search(query, k).map((n) => n.faceId);

describe('exact scan while the index catches up', () => {
  it('reads the catalog once; later searches rank the held embeddings', () => {
    const catalog = catalogOf(50);
    const scan = new ExactFaceScan(catalog);
    expect(ids(scan, unit(1, 1, 0.1, 0.1))).toEqual([50, 49, 48]);
    expect(ids(scan, unit(1, 0, 0.1, 0.1))).toEqual([1, 2, 3]);
    expect(catalog.fullReads).toBe(1);
    expect(catalog.facesRead).toBe(50);
  });

  it('reads only the faces told stored, and drops the faces told hidden', () => {
    const catalog = catalogOf(50);
    const scan = new ExactFaceScan(catalog);
    ids(scan, unit(1, 1, 0.1, 0.1));
    catalog.faces.set(51, unit(0, 0, 1, 0));
    catalog.faces.set(7, unit(0, 0, 0, 1)); // re-embedded
    scan.stored([51, 7]);
    catalog.faces.delete(50);
    scan.unsearchable([50]);
    expect(ids(scan, unit(0, 0, 1, 0), 1)).toEqual([51]);
    expect(ids(scan, unit(0, 0, 0, 1), 1)).toEqual([7]);
    expect(ids(scan, unit(1, 1, 0.1, 0.1))).toEqual([49, 48, 47]);
    expect(catalog.fullReads).toBe(1);
    expect(catalog.facesRead).toBe(52);
  });

  it('reads everything again when told the catalog may hold other faces (a reconcile)', () => {
    const catalog = catalogOf(50);
    const scan = new ExactFaceScan(catalog);
    ids(scan, unit(1, 1, 0.1, 0.1));
    catalog.faces.delete(50); // deleted with its photo
    scan.reread();
    expect(ids(scan, unit(1, 1, 0.1, 0.1))).toEqual([49, 48, 47]);
    expect(scan.count).toBe(49);
    expect(catalog.fullReads).toBe(2);
  });

  it('holds nothing past its limit and reads the catalog at every search instead', () => {
    const catalog = catalogOf(50);
    const scan = new ExactFaceScan(catalog, 40);
    ids(scan, unit(1, 1, 0.1, 0.1));
    ids(scan, unit(1, 0, 0.1, 0.1));
    expect(catalog.fullReads).toBe(2);
  });

  it('ranks the held faces as a brute-force search of the catalog does', () => {
    const random = seededRandom(7);
    const catalog = new Catalog();
    for (let id = 1; id <= 3000; id++) catalog.faces.set(id, unit(...Array.from({ length: dim }, () => random() - 0.5)));
    const matrix = new Float32Array([...catalog.faces.values()].flatMap((v) => [...v]));
    const scan = new ExactFaceScan(catalog);
    for (let q = 0; q < 5; q++) {
      const query = unit(...Array.from({ length: dim }, () => random() - 0.5));
      for (const k of [1, 40, 3000]) expect(ids(scan, query, k)).toEqual(exactSearch(matrix, dim, query, k, [...catalog.faces.keys()]).map((n) => n.faceId));
    }
    expect(catalog.fullReads).toBe(1);
  });
});
