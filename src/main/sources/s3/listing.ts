/** Incremental listing: what changed in a bucket prefix since the catalog last saw it. */

/** What identifies one version of an object without reading it. */
export interface ObjectVersion {
  /** Without the quotes S3 puts around it. */
  etag: string;
  size: number;
  lastModified: Date;
}

export interface S3ObjectInfo extends ObjectVersion {
  key: string;
}

export interface ListingDiff {
  added: S3ObjectInfo[];
  changed: S3ObjectInfo[];
  removed: string[];
  unchanged: string[];
}

export function normalizeEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '');
}

function sameVersion(a: ObjectVersion, b: ObjectVersion): boolean {
  return a.etag === b.etag && a.size === b.size && a.lastModified.getTime() === b.lastModified.getTime();
}

/**
 * Compares a complete listing with what the catalog recorded. Only pass a listing that finished:
 * a partial one would report every key it did not reach as removed.
 */
export function diffListing(previous: ReadonlyMap<string, ObjectVersion>, current: Iterable<S3ObjectInfo>): ListingDiff {
  const diff: ListingDiff = { added: [], changed: [], removed: [], unchanged: [] };
  const seen = new Set<string>();
  for (const object of current) {
    seen.add(object.key);
    const before = previous.get(object.key);
    if (!before) diff.added.push(object);
    else if (sameVersion(before, object)) diff.unchanged.push(object.key);
    else diff.changed.push(object);
  }
  for (const key of previous.keys()) {
    if (!seen.has(key)) diff.removed.push(key);
  }
  return diff;
}
