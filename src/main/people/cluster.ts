/**
 * The shipped people clustering: quality-gated average-linkage HAC (average-linkage.ts) that keeps
 * every user edit. `clusterFaces` clusters from scratch; `reclusterWithConstraints` redraws the
 * people of a library while keeping what the user said.
 *
 * Quality gate: faces below `minQuality` (tiny, blurred, turned away) never shape a cluster; once
 * the clusters stand, each joins the person of its nearest clustered face when that face is within
 * the stricter `attachDistance`, and otherwise stays unsorted.
 */
import type { Seed } from './average-linkage';
import { agglomerate } from './average-linkage';
import { resolveConstraints } from './constraints';
import type { NeighbourReach } from './neighbour-table';
import type { NeighbourSource } from './neighbours';
import { dot, exactNeighbours } from './neighbours';
import { PersonIds } from './person-ids';
import type { Assignments, ClusterFace, PersonId, UserConstraints } from '../domain/people';
import { noConstraints } from '../domain/people';

export interface ClusterOptions {
  /** Mean cosine distance up to which two clusters merge. */
  threshold: number;
  /** Neighbours per face in the candidate graph. */
  k: number;
  /** Smallest group of faces that becomes a person on its own (user-kept people have no minimum). */
  minClusterSize: number;
  /** Faces below this quality do not seed or shape clusters. */
  minQuality: number;
  /** Cosine distance to the nearest clustered face within which a low-quality face joins its person. */
  attachDistance: number;
  /** k-NN over (at least) these faces; default brute force. */
  neighbours?: NeighbourSource;
}

/**
 * For callers without a model pack (the algorithm tests, on synthetic faces). The engine and
 * `facet eval` use the thresholds of the pack in use (manifest `recognizer.tuning.clustering`,
 * chosen per recognizer: src/main/people/README.md); these are pack v1's (faceres), and `k` and
 * `minClusterSize` hold for every model.
 */
export const clusterDefaults: Readonly<Omit<ClusterOptions, 'neighbours'>> = {
  threshold: 0.42,
  k: 24,
  minClusterSize: 2,
  minQuality: 0.4,
  attachDistance: 0.35,
};

/**
 * The widest k-NN query that `reclusterWithConstraints` and `assignNewFaces` make with these options
 * (graph edges within `threshold`, attachments within `attachDistance`, `k` each): what a
 * precomputed neighbour table must hold for them.
 */
export function neighbourReach(options: Partial<ClusterOptions> = {}): NeighbourReach {
  const opts = { ...clusterDefaults, ...options };
  return { k: opts.k, maxDistance: Math.max(opts.threshold, opts.attachDistance) };
}

export interface ReclusterResult {
  /** Every face given, to its person or null (unsorted). */
  assignments: Assignments;
  /** Ids of people that did not exist before, allocated above every id the input mentions. */
  newPeople: PersonId[];
}

export function clusterFaces(faces: readonly ClusterFace[], options: Partial<ClusterOptions> = {}): Assignments {
  return reclusterWithConstraints(faces, new Map(), noConstraints, options).assignments;
}

export function reclusterWithConstraints(
  faces: readonly ClusterFace[],
  existing: Assignments,
  constraints: UserConstraints,
  options: Partial<ClusterOptions> = {},
): ReclusterResult {
  const opts = { ...clusterDefaults, ...options };
  const neighbours = options.neighbours ?? exactNeighbours(faces);
  const resolved = resolveConstraints(existing, constraints);
  const { pinned, cannotLink, kept } = resolved;

  const strong = faces.filter((f) => f.quality >= opts.minQuality || pinned.has(f.id));
  const weak = faces.filter((f) => f.quality < opts.minQuality && !pinned.has(f.id));

  const clusters = agglomerate({
    faces: strong,
    threshold: opts.threshold,
    k: opts.k,
    neighbours,
    seeds: seedsOf(pinned),
    cannotLink,
  });

  const ids = new PersonIds(existing, constraints);
  const assignments: Assignments = new Map(faces.map((f) => [f.id, null]));
  const embeddingOf = embeddingLookup(faces);
  const free = clusters.filter((c) => c.personId === null && formsPerson(c.faceIds, embeddingOf, opts));
  const reused = matchPreviousIds(free, existing, (p) => kept.has(resolved.canonical(p)), resolved.canonical);
  const freeSet = new Set(free);
  for (const cluster of clusters) {
    const personId = cluster.personId ?? (freeSet.has(cluster) ? (reused.get(cluster) ?? ids.next()) : null);
    for (const id of cluster.faceIds) assignments.set(id, personId);
  }

  const clustered = new Map(assignments);
  for (const face of weak) {
    const rejected = cannotLink.get(face.id);
    for (const n of neighbours.knn(face.id, opts.k, opts.attachDistance)) {
      const personId = clustered.get(n.faceId);
      if (personId == null || rejected?.has(personId)) continue;
      assignments.set(face.id, personId);
      break;
    }
  }
  return { assignments, newPeople: ids.created };
}

export function embeddingLookup(faces: readonly ClusterFace[]): (faceId: number) => Float32Array {
  const byId = new Map(faces.map((f) => [f.id, f.embedding]));
  return (faceId) => byId.get(faceId)!;
}

/**
 * Whether a new cluster becomes a person. Two faces alone are the weakest evidence there is: their
 * one link must be as close as a low-quality face's attachment (`attachDistance`), not merely
 * within the merge threshold. Measured: at the merge threshold a lone pair is as likely to be two
 * strangers' odd shots (an open-mouthed face, a turned one) as one person (src/main/people/README.md).
 */
export function formsPerson(
  faceIds: readonly number[],
  embeddingOf: (faceId: number) => Float32Array,
  opts: Pick<ClusterOptions, 'minClusterSize' | 'attachDistance'>,
): boolean {
  if (faceIds.length < opts.minClusterSize) return false;
  if (faceIds.length !== 2) return true;
  return 1 - dot(embeddingOf(faceIds[0]!), embeddingOf(faceIds[1]!)) <= opts.attachDistance;
}

function seedsOf(pinned: ReadonlyMap<number, PersonId>): Seed[] {
  const byPerson = new Map<PersonId, number[]>();
  for (const [faceId, personId] of pinned) {
    const list = byPerson.get(personId) ?? [];
    list.push(faceId);
    byPerson.set(personId, list);
  }
  return [...byPerson].map(([personId, faceIds]) => ({ personId, faceIds }));
}

/**
 * Gives each new cluster the id of the untouched person it shares most faces with (each id used
 * once, largest overlaps first), so people the user has not touched keep their ids across runs.
 */
function matchPreviousIds<C extends { faceIds: number[] }>(
  clusters: readonly C[],
  existing: Assignments,
  isKept: (p: PersonId) => boolean,
  canonical: (p: PersonId) => PersonId,
): Map<C, PersonId> {
  const overlaps: Array<{ cluster: C; personId: PersonId; count: number }> = [];
  for (const cluster of clusters) {
    const counts = new Map<PersonId, number>();
    for (const id of cluster.faceIds) {
      const p = existing.get(id);
      if (p == null || isKept(p)) continue;
      const c = canonical(p);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    for (const [personId, count] of counts) overlaps.push({ cluster, personId, count });
  }
  overlaps.sort((a, b) => b.count - a.count || a.personId - b.personId);
  const result = new Map<C, PersonId>();
  const used = new Set<PersonId>();
  for (const { cluster, personId } of overlaps) {
    if (result.has(cluster) || used.has(personId)) continue;
    result.set(cluster, personId);
    used.add(personId);
  }
  return result;
}
