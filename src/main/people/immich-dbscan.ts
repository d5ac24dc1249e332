/**
 * The baseline: Immich's incremental, DBSCAN-like face clustering (server person.service
 * handleRecognizeFaces), kept as a yardstick for the shipped method.
 *
 * Faces are visited in order. A face is core when it has at least `minFaces` faces (itself
 * included) within `maxDistance`. A core face joins the person of its first neighbour that has one,
 * else the person of the nearest face within `maxDistance` that has one, else starts a new person.
 * Non-core faces wait for a second pass, where they join the nearest person within `maxDistance`
 * or stay unassigned. A face with no neighbour at all stays unassigned.
 *
 * Cost: two k-NN queries per face, so O(n log n) on an HNSW index, O(n²·d) by brute force.
 */
import type { NeighbourSource } from './neighbours';
import { exactNeighbours } from './neighbours';
import type { Assignments, ClusterFace } from '../domain/people';

export interface ImmichDbscanOptions {
  /** Cosine distance within which faces are neighbours (Immich default 0.5). */
  maxDistance: number;
  /** Faces, itself included, that make a face core (Immich default 3). */
  minFaces: number;
  /** Neighbours scanned for "nearest face that has a person" (Immich filters its search instead). */
  personSearchK: number;
  neighbours?: NeighbourSource;
}

/** Immich's own settings, made for ArcFace (buffalo_l) embeddings. */
export const immichDefaults: Readonly<Omit<ImmichDbscanOptions, 'neighbours'>> = { maxDistance: 0.5, minFaces: 3, personSearchK: 64 };

export function clusterFacesImmich(faces: readonly ClusterFace[], options: Partial<ImmichDbscanOptions> = {}): Assignments {
  const { maxDistance, minFaces, personSearchK } = { ...immichDefaults, ...options };
  const neighbours = options.neighbours ?? exactNeighbours(faces);
  const person: Assignments = new Map(faces.map((f) => [f.id, null]));
  let nextPerson = 1;

  const nearestPerson = (faceId: number): number | null => {
    for (const n of neighbours.knn(faceId, personSearchK, maxDistance)) {
      const p = person.get(n.faceId);
      if (p != null) return p;
    }
    return null;
  };

  const deferred: number[] = [];
  for (const face of faces) {
    const matches = neighbours.knn(face.id, minFaces - 1, maxDistance);
    if (minFaces > 1 && matches.length === 0) continue;
    if (matches.length + 1 < minFaces) {
      deferred.push(face.id);
      continue;
    }
    const fromMatches = matches.map((m) => person.get(m.faceId)).find((p) => p != null);
    person.set(face.id, fromMatches ?? nearestPerson(face.id) ?? nextPerson++);
  }
  for (const faceId of deferred) person.set(faceId, nearestPerson(faceId));
  return person;
}
