import type { ApiInput } from '../../../shared/api';
import { callApi, CliError, printJson, withEngine, type GlobalOptions } from '../context';
import { s3SettingsFrom, type S3BucketOptions } from '../s3-options';

export interface SyncOptions extends GlobalOptions, S3BucketOptions {
  json?: boolean;
  /** Link to this shared folder first. */
  folder?: string;
  /** Link to this bucket first (keys from the environment, as for add-s3). */
  bucket?: string;
  /** Share web-sized renditions instead of originals. */
  webSize?: boolean;
  shareFaces?: boolean;
}

type Location = ApiInput<'linkEventToSharedLocation'>['location'];

function locationFrom(options: SyncOptions): Location | null {
  if (options.folder !== undefined && options.bucket !== undefined) throw new CliError('give --folder or --bucket, not both');
  if (options.folder !== undefined) return { kind: 'folder', path: options.folder };
  if (options.bucket === undefined) return null;
  return { kind: 's3', ...s3SettingsFrom(options.bucket, options) };
}

/** `facet sync <eventId>`: links the event when a location is given, then syncs it once. */
export async function syncCommand(eventIdText: string, options: SyncOptions): Promise<void> {
  const eventId = Number(eventIdText);
  if (!Number.isSafeInteger(eventId) || eventId <= 0) throw new CliError(`not an event id: ${eventIdText}`);
  const location = locationFrom(options);
  await withEngine(options, async (engine) => {
    if (location !== null) {
      await callApi(engine, 'linkEventToSharedLocation', {
        eventId,
        location,
        shareOriginals: !options.webSize,
        shareFaces: options.shareFaces ?? false,
      });
    }
    const result = await callApi(engine, 'syncEvent', { eventId });
    if (options.json) return printJson(result);
    const status = await callApi(engine, 'getEventSyncStatus', { eventId });
    process.stdout.write(
      `Event ${eventId} <-> ${status.location?.root ?? '?'}: pushed ${result.pushed}, pulled ${result.pulled}, ` +
        `removed ${result.removed}, ${result.sharedPhotos} shared photos, ${result.contributors} contributors, ` +
        `${result.collapsedDuplicates} duplicates collapsed\n`,
    );
    for (const refusal of result.refusals) process.stdout.write(`  refused ${refusal.key} (${refusal.reason}): ${refusal.detail}\n`);
    for (const skip of result.skipped) process.stdout.write(`  not shared: ${skip.fileName}: ${skip.reason}\n`);
  });
}
