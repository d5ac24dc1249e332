import type { ApiInput } from '../../../shared/api';
import { credentialEnvVars } from '../../sources/s3';
import { callApi, CliError, printJson, withEngine, type GlobalOptions } from '../context';

export interface SyncOptions extends GlobalOptions {
  json?: boolean;
  /** Link to this shared folder first. */
  folder?: string;
  /** Link to this bucket first (keys from the environment, as for add-s3). */
  bucket?: string;
  endpoint?: string;
  prefix?: string;
  region?: string;
  pathStyle?: boolean;
  /** Share web-sized renditions instead of originals. */
  webSize?: boolean;
  shareFaces?: boolean;
}

type Location = ApiInput<'linkEventToSharedLocation'>['location'];

function locationFrom(options: SyncOptions): Location | null {
  if (options.folder !== undefined && options.bucket !== undefined) throw new CliError('give --folder or --bucket, not both');
  if (options.folder !== undefined) return { kind: 'folder', path: options.folder };
  if (options.bucket === undefined) return null;
  const accessKeyId = process.env[credentialEnvVars.accessKeyId];
  const secretAccessKey = process.env[credentialEnvVars.secretAccessKey];
  if (!accessKeyId || !secretAccessKey) {
    throw new CliError(`set ${credentialEnvVars.accessKeyId} and ${credentialEnvVars.secretAccessKey} to the bucket's keys`);
  }
  return {
    kind: 's3',
    endpoint: options.endpoint,
    bucket: options.bucket,
    prefix: options.prefix ?? '',
    region: options.region ?? 'us-east-1',
    forcePathStyle: options.pathStyle ?? false,
    accessKeyId,
    secretAccessKey,
  };
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
