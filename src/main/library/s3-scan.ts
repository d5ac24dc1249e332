import type { Catalog } from '../catalog/catalog';
import type { SourceRow } from '../catalog/sources-repo';
import { diffListing, type ObjectVersion, type S3ObjectInfo, type S3SourceClient } from '../sources/s3';
import { isMediaFileName, isSkippedName } from '../sources/skip-rules';
import type { ScanCallbacks } from './source-scan';

const batchSize = 256;

/** Keys below the prefix that a folder scan would also index: media names, nothing hidden. */
function indexable(relPath: string): boolean {
  const parts = relPath.split('/');
  return parts.every((part) => part !== '' && !isSkippedName(part)) && isMediaFileName(parts.at(-1)!);
}

/**
 * Lists the whole prefix (every page), compares it with the rows recorded for the source, and
 * queues what is new or changed; rows whose object is gone become missing. Nothing is marked
 * before the listing is complete: a failed page throws and leaves the catalog as it was.
 * Rows are keyed by the object key below the source prefix, as folder rows are by path below the root.
 */
export async function scanS3Source(catalog: Catalog, source: SourceRow, client: S3SourceClient, prefix: string, callbacks: ScanCallbacks): Promise<void> {
  const listed: S3ObjectInfo[] = [];
  for await (const object of client.list()) {
    callbacks.signal?.throwIfAborted();
    const relPath = object.key.slice(prefix.length);
    if (object.key.startsWith(prefix) && indexable(relPath)) listed.push({ ...object, key: relPath });
  }

  catalog.transaction(() => catalog.objects.retryFailedDownloads(source.id, source.root));
  const recorded = catalog.objects.live(source.id);
  const previous = new Map<string, ObjectVersion>(
    recorded.map((row) => [row.relPath, { etag: row.etag ?? '', size: row.sizeBytes, lastModified: new Date(row.mtimeMs) }]),
  );
  const diff = diffListing(previous, listed);
  // Unchanged rows still pending (a run that was interrupted) are queued, not skipped.
  const pendingKeys = new Set(recorded.filter((row) => row.state === 'pending').map((row) => row.relPath));
  const unchanged = diff.unchanged.filter((key) => !pendingKeys.has(key)).length;
  if (unchanged > 0) callbacks.onSkipped(unchanged);

  const queue = [...diff.added, ...diff.changed];
  for (let start = 0; start < queue.length; start += batchSize) {
    callbacks.signal?.throwIfAborted();
    catalog.transaction(() => {
      for (const object of queue.slice(start, start + batchSize)) {
        catalog.objects.record(source.id, {
          relPath: object.key,
          etag: object.etag,
          sizeBytes: object.size,
          mtimeMs: object.lastModified.getTime(),
        });
      }
    });
    callbacks.onBatch();
  }
  catalog.transaction(() => {
    for (const relPath of diff.removed) catalog.objects.markMissing(source.id, relPath);
    catalog.errors.clearStage(source.id, 'scan');
    catalog.sources.markScanned(source.id);
  });
  callbacks.onBatch();
}
