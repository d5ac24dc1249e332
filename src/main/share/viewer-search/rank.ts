/**
 * The package's side of "find me": every face the host exported, scanned exactly (a package holds
 * an event, far below the desktop's exact-scan limit of 2000 faces), best face per photo, above the
 * calibrated threshold the exporter wrote: the desktop's searchBySelfie ranking for an event scope.
 */
export interface PackageFace {
  /** sha256 of the photo. */
  photo: string;
  embedding: Float32Array;
}

export interface PhotoMatch {
  photo: string;
  similarity: number;
}

export function rankPhotos(query: Float32Array, faces: readonly PackageFace[], threshold: number): PhotoMatch[] {
  const best = new Map<string, number>();
  for (const face of faces) {
    let dot = 0;
    for (let i = 0; i < query.length; i++) dot += query[i]! * face.embedding[i]!;
    if (dot >= threshold && dot > (best.get(face.photo) ?? -Infinity)) best.set(face.photo, dot);
  }
  return [...best].map(([photo, similarity]) => ({ photo, similarity })).sort((a, b) => b.similarity - a.similarity);
}

/** Float32 little-endian embedding from base64 (the manifest's encoding). */
export function decodeEmbedding(base64: string, dim: number): Float32Array {
  const binary = atob(base64);
  if (binary.length !== dim * 4) throw new Error(`an embedding holds ${binary.length} bytes; ${dim} floats need ${dim * 4}`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
