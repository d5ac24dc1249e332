import type { VectorIndex } from '../../vectors/vector-index';
import type { NeighbourSource } from '../neighbours';
import type { ClusterFace } from '../../domain/people';

/**
 * The clustering's k-NN over the library's HNSW index: k+1 results so the face itself can be
 * dropped, cosine distance = 1 - similarity. Faces in the index but not in `faces` (stored while
 * the clustering read the catalog) are filtered out, so every neighbour is one the clustering knows.
 */
export function hnswNeighbours(index: VectorIndex, faces: readonly ClusterFace[]): NeighbourSource {
  const byId = new Map(faces.map((face) => [face.id, face]));
  const everyIndexedFaceIsKnown = index.count === byId.size && faces.every((face) => index.has(face.id));
  const filter = everyIndexedFaceIsKnown ? undefined : (faceId: number) => byId.has(faceId);
  return {
    knn(faceId, k, maxDistance) {
      const face = byId.get(faceId);
      if (!face) throw new Error(`face ${faceId} is not in the neighbour set`);
      const found = [];
      for (const n of index.search(face.embedding, k + 1, filter)) {
        const distance = 1 - n.similarity;
        if (n.faceId === faceId || distance > maxDistance) continue;
        found.push({ faceId: n.faceId, distance });
      }
      return found.slice(0, k);
    },
  };
}
