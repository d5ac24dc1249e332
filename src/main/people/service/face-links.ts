/**
 * Face links: after a clustering step, the pairs of faces its k-NN table holds within the attach
 * distance of each other that it put in different people. They are the nearest-faces evidence of
 * "same person?" (same-person.ts), found at no cost beyond the searches the run made anyway;
 * reading them back goes through the faces' people of the moment (catalog/people-repo.ts).
 */
import type { FaceLink } from '../../catalog/people-repo';
import { nextTurn } from '../../next-turn';
import type { NeighbourTable } from '../neighbour-table';
import type { Assignments, PersonId } from '../../domain/people';

/** The table is read this long before the event loop is served (100k faces hold 2.4M neighbours). */
const sliceMs = 30;

/**
 * `faces`: the step's faces with the people they had when it ran; `assignments`: what it decided
 * (a full run decides every face, an assignment only the new ones and those it gathered).
 */
export async function crossPersonLinks(
  table: NeighbourTable,
  faces: ReadonlyArray<{ id: number; personId: PersonId | null }>,
  assignments: Assignments,
  reach: { k: number; attachDistance: number },
  signal?: AbortSignal,
): Promise<FaceLink[]> {
  const personOf = new Map(faces.map((face) => [face.id, assignments.has(face.id) ? assignments.get(face.id)! : face.personId]));
  const links: FaceLink[] = [];
  let sliceStart = performance.now();
  for (const face of faces) {
    const personId = personOf.get(face.id);
    if (personId != null && table.has(face.id)) {
      for (const n of table.knn(face.id, reach.k, reach.attachDistance)) {
        const other = personOf.get(n.faceId);
        // A pair found from both of its faces is stored once (keyed by the lower face id).
        if (other == null || other === personId) continue;
        links.push({ faceId: face.id, otherFaceId: n.faceId, distance: n.distance });
      }
    }
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn(signal);
      sliceStart = performance.now();
    }
  }
  return links;
}
