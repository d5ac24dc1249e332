/**
 * "Same person?" over the library (the rule: same-person.ts). The people's centroids come from one
 * paged read of the current model's embeddings and an exact comparison of every pair, both with
 * the event loop served between pieces; the nearest-faces evidence is read from the face links the
 * clustering runs recorded. The result is kept until the people change (`invalidate`); what is
 * shown is checked against the people as they are at each call.
 */
import type { RecognizerTuning } from '../../../shared/model-manifest';
import type { PersonSummary, SamePersonSuggestion } from '../../../shared/people-api';
import type { Catalog } from '../../catalog/catalog';
import type { PeopleRepository } from '../../catalog/people-repo';
import { nextTurn } from '../../next-turn';
import { addFace, centroidDistance, closeCentroidsOf, pairKey, samePersonBounds, type PersonCentroid } from '../same-person';

/** Embeddings read per turn of the event loop (as a clustering run reads them). */
const facesPerRead = 2000;
/** Pairs are compared this long before the event loop is served. */
const sliceMs = 30;

type Candidate = Omit<SamePersonSuggestion, 'person' | 'other'> & { personId: number; otherPersonId: number };

export interface SamePersonOptions {
  catalog: Catalog;
  repo: PeopleRepository;
  modelId: () => number | null;
  tuning: () => Pick<RecognizerTuning, 'clustering' | 'similarity'> | null;
  signal: AbortSignal;
}

export class SamePersonSuggestions {
  private revision = 0;
  private computed: { revision: number; candidates: Promise<Candidate[]> } | null = null;

  constructor(private readonly options: SamePersonOptions) {}

  /** The people changed: the next call computes again. */
  invalidate(): void {
    this.revision++;
  }

  async list(limit: number): Promise<SamePersonSuggestion[]> {
    if (this.computed?.revision !== this.revision) {
      const candidates = this.compute();
      this.computed = { revision: this.revision, candidates };
      // A failed computation is not kept.
      candidates.catch(() => {
        if (this.computed?.candidates === candidates) this.computed = null;
      });
    }
    return this.shown(await this.computed.candidates, limit);
  }

  /** Candidates whose two people are still there, visible and not kept apart, as summaries. */
  private shown(candidates: readonly Candidate[], limit: number): SamePersonSuggestion[] {
    const { repo } = this.options;
    const apart = new Set(repo.keptApart().map((p) => pairKey(repo.livePerson(p.personId) ?? 0, repo.livePerson(p.otherPersonId) ?? 0)));
    const people = new Map(repo.listOf([...new Set(candidates.flatMap((c) => [c.personId, c.otherPersonId]))]).map((p) => [p.id, p]));
    const result: SamePersonSuggestion[] = [];
    for (const { personId, otherPersonId, ...evidence } of candidates) {
      const person = people.get(personId);
      const other = people.get(otherPersonId);
      if (!person || !other || person.faceCount === 0 || other.faceCount === 0) continue;
      if (apart.has(pairKey(personId, otherPersonId)) || namedApart(person, other)) continue;
      result.push({ person, other, ...evidence });
      if (result.length === limit) break;
    }
    return result;
  }

  private async compute(): Promise<Candidate[]> {
    const { catalog, repo, signal } = this.options;
    const modelId = this.options.modelId();
    if (modelId === null) return [];
    const bounds = samePersonBounds(this.options.tuning());
    const visible = new Set(repo.list(false).map((p) => p.id));

    const centroids = new Map<number, PersonCentroid>();
    for (let afterId = 0; ;) {
      const page = catalog.faces.embeddingsAfter(modelId, afterId, facesPerRead);
      if (page.length === 0) break;
      for (const face of page) {
        if (face.personId === null || !visible.has(face.personId)) continue;
        let centroid = centroids.get(face.personId);
        if (!centroid) centroids.set(face.personId, (centroid = { personId: face.personId, sum: new Float32Array(face.embedding.length), count: 0 }));
        addFace(centroid, face.embedding);
      }
      afterId = page.at(-1)!.id;
      await nextTurn(signal);
    }

    const people = [...centroids.values()];
    const found = new Map<string, Candidate>();
    let sliceStart = performance.now();
    for (let i = 0; i < people.length; i++) {
      for (const { personId, otherPersonId, distance } of closeCentroidsOf(people, i, bounds.centroidDistance)) {
        found.set(pairKey(personId, otherPersonId), { personId, otherPersonId, centroidDistance: distance, nearest: null });
      }
      if (performance.now() - sliceStart >= sliceMs) {
        await nextTurn(signal);
        sliceStart = performance.now();
      }
    }
    for (const link of repo.linkedPeople(modelId)) {
      const a = centroids.get(link.personId);
      const b = centroids.get(link.otherPersonId);
      if (!a || !b || link.distance > bounds.nearestDistance) continue;
      const key = pairKey(a.personId, b.personId);
      const known = found.get(key);
      if (known?.nearest && known.nearest.distance <= link.distance) continue;
      // Faces in the order of the people: the lower person id first.
      const [first, second] = a.personId < b.personId ? [link.faceId, link.otherFaceId] : [link.otherFaceId, link.faceId];
      found.set(key, {
        personId: Math.min(a.personId, b.personId),
        otherPersonId: Math.max(a.personId, b.personId),
        centroidDistance: known?.centroidDistance ?? centroidDistance(a, b),
        nearest: { faceId: first, otherFaceId: second, distance: link.distance },
      });
    }
    return [...found.values()].sort((x, y) => x.centroidDistance - y.centroidDistance);
  }
}

/** Two people the user named differently are two people they know. */
function namedApart(a: PersonSummary, b: PersonSummary): boolean {
  return a.name !== null && b.name !== null && a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) !== 0;
}
