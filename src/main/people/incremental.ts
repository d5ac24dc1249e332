/**
 * New faces between re-clusterings (after an import): each joins the existing person whose faces
 * it is closest to on average, the same average linkage and threshold the clustering merges on, so
 * that adding faces one batch at a time agrees with clustering them all at once. Faces close to no
 * person are clustered with the library's unsorted faces and may start new people.
 */
import { agglomerate } from './average-linkage';
import type { ClusterOptions, ReclusterResult } from './cluster';
import { clusterDefaults, embeddingLookup, formsPerson } from './cluster';
import { resolveConstraints } from './constraints';
import { dot, exactNeighbours } from './neighbours';
import { PersonIds } from './person-ids';
import type { Assignments, ClusterFace, PersonId, UserConstraints } from '../domain/people';

/**
 * `known`: faces already in the library with their `existing` assignments; `options.neighbours`
 * must answer for known and new faces alike (default: brute force over both). Returns the new
 * faces' assignments and those of unsorted known faces that now form a person with them.
 */
export function assignNewFaces(
  newFaces: readonly ClusterFace[],
  known: readonly ClusterFace[],
  existing: Assignments,
  constraints: UserConstraints,
  options: Partial<ClusterOptions> = {},
): ReclusterResult {
  const opts = { ...clusterDefaults, ...options };
  const neighbours = options.neighbours ?? exactNeighbours([...known, ...newFaces]);
  const { canonical, cannotLink, pinned } = resolveConstraints(existing, constraints);

  const current = new Map<number, PersonId | null>();
  const sums = new Map<PersonId, { sum: Float32Array; count: number }>();
  const join = (face: ClusterFace, personId: PersonId) => {
    current.set(face.id, personId);
    let entry = sums.get(personId);
    if (!entry) sums.set(personId, (entry = { sum: new Float32Array(face.embedding.length), count: 0 }));
    for (let i = 0; i < entry.sum.length; i++) entry.sum[i]! += face.embedding[i]!;
    entry.count++;
  };
  for (const face of known) {
    // Edits made since the last re-clustering already count: moved faces where the user put them,
    // rejected faces off their person.
    const previous = existing.get(face.id);
    const p = pinned.get(face.id) ?? (previous == null ? null : canonical(previous));
    if (p === null || cannotLink.get(face.id)?.has(p)) current.set(face.id, null);
    else join(face, p);
  }

  const result: Assignments = new Map(newFaces.map((f) => [f.id, null]));
  const strong = newFaces.filter((f) => f.quality >= opts.minQuality);
  const unmatched: ClusterFace[] = [];
  for (const face of strong) {
    const personId = nearestPerson(face);
    if (personId === null) {
      unmatched.push(face);
      current.set(face.id, null);
    } else {
      join(face, personId);
      result.set(face.id, personId);
    }
  }

  // Candidate people come from the face's nearest neighbours; the decision is the mean over all their faces.
  function nearestPerson(face: ClusterFace): PersonId | null {
    const rejected = cannotLink.get(face.id);
    let best: PersonId | null = null;
    let bestDistance = opts.threshold;
    let nearestMember: PersonId | null = null;
    for (const n of neighbours.knn(face.id, opts.k, opts.threshold)) {
      const personId = current.get(n.faceId);
      if (personId == null || rejected?.has(personId)) continue;
      if (nearestMember === null && n.distance <= opts.attachDistance) nearestMember = personId;
      const { sum, count } = sums.get(personId)!;
      const distance = 1 - dot(face.embedding, sum) / count;
      if (distance <= bestDistance) [best, bestDistance] = [personId, distance];
    }
    // A person with several looks (merged by the user) is far from everything on average: a face
    // very close to one of its faces still belongs to it.
    return best ?? nearestMember;
  }

  const pool = [...unmatched, ...known.filter((f) => current.get(f.id) === null && f.quality >= opts.minQuality)];
  const ids = new PersonIds(existing, constraints);
  const clusters = pool.length > 1 ? agglomerate({ faces: pool, threshold: opts.threshold, k: opts.k, neighbours, cannotLink }) : [];
  const embeddingOf = embeddingLookup(pool);
  for (const cluster of clusters) {
    if (!formsPerson(cluster.faceIds, embeddingOf, opts)) continue;
    const personId = ids.next();
    for (const id of cluster.faceIds) {
      current.set(id, personId);
      result.set(id, personId);
    }
  }

  for (const face of newFaces.filter((f) => f.quality < opts.minQuality)) {
    const rejected = cannotLink.get(face.id);
    const near = neighbours.knn(face.id, opts.k, opts.attachDistance).find((n) => {
      const p = current.get(n.faceId);
      return p != null && !rejected?.has(p);
    });
    if (near) result.set(face.id, current.get(near.faceId)!);
  }
  return { assignments: result, newPeople: ids.created };
}
