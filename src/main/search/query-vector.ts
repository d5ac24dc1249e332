/**
 * A search query made of one or more reference faces. Searching with the mean direction of
 * several unit vectors and multiplying each similarity by the mean's length gives the mean
 * similarity to the references, the quantity the match calibration was fitted on; similarity to
 * the bare direction would run high for several references and let strangers in.
 */
export interface QueryVector {
  /** Unit vector of the references' mean. */
  direction: Float32Array;
  /** Length of the references' mean: 1 for one reference, less for several. */
  length: number;
}

export function queryVectorOf(references: readonly Float32Array[]): QueryVector {
  if (references.length === 0) throw new Error('a query needs at least one reference face');
  const mean = new Float32Array(references[0]!.length);
  for (const reference of references) {
    for (let d = 0; d < mean.length; d++) mean[d]! += reference[d]! / references.length;
  }
  let length = 0;
  for (const value of mean) length += value * value;
  length = Math.sqrt(length);
  return { direction: mean.map((value) => value / (length || 1)), length };
}
