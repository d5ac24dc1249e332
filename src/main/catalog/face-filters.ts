/**
 * Which stored faces may be used, said once for every reader (search, clustering, guests, sync,
 * share packages): embedded (not waiting to be re-embedded by a new model), not forgotten, and not
 * marked "not a face" by the user.
 */

/** SQL condition on `faces` (optionally under `alias`) for a face whose vector may be used. */
export function usableFace(alias?: string): string {
  const c = alias ? `${alias}.` : '';
  return `${c}stale = 0 AND ${c}embedding IS NOT NULL AND ${c}forgotten_at IS NULL AND ${c}ignored_at IS NULL`;
}

/** `usableFace` of one model, bound as the first parameter (`model_id = ?`). */
export function searchableFace(alias?: string): string {
  return `${alias ? `${alias}.` : ''}model_id = ? AND ${usableFace(alias)}`;
}
