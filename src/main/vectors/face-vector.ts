/** One face's embedding, labelled by its catalog id. */
export interface FaceVector {
  faceId: number;
  vector: Float32Array;
}

/** Unit vectors stored as float32 have norms within ~1e-6 of 1; anything further off is rescaled. */
const unitTolerance = 1e-4;

/** The vector scaled to unit length (inner product = cosine), or a clear error for one that cannot be. */
export function unitVector(vector: Float32Array, dim: number, what: string): Float32Array {
  if (vector.length !== dim) throw new Error(`vector index: ${what} has ${vector.length} values, expected ${dim}`);
  let squares = 0;
  for (const value of vector) squares += value * value;
  if (!Number.isFinite(squares) || squares === 0) throw new Error(`vector index: ${what} is zero or not finite`);
  const norm = Math.sqrt(squares);
  if (Math.abs(norm - 1) <= unitTolerance) return vector;
  return vector.map((value) => value / norm);
}

export function checkFaceId(faceId: number): void {
  // hnswlib-node passes labels through uint32.
  if (!Number.isInteger(faceId) || faceId < 1 || faceId > 0xffffffff) {
    throw new Error(`vector index: face id ${faceId} is not an integer in 1..2^32-1`);
  }
}

/** Faces are spread over shards by id, so any face's shard is known without a lookup table. */
export function shardOf(faceId: number, shardCount: number): number {
  return faceId % shardCount;
}
