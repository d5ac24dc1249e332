import { credentialEnvVars } from '../../sources/s3';
import { callApi, CliError, withEngine, type GlobalOptions } from '../context';
import { createProgressReporter } from '../progress';

export interface AddS3Options extends GlobalOptions {
  endpoint?: string;
  bucket: string;
  prefix?: string;
  region?: string;
  pathStyle?: boolean;
  label?: string;
}

/**
 * `facet add-s3`: adds a bucket prefix as a read-only source and indexes it until idle. The keys
 * come from FACET_S3_ACCESS_KEY_ID / FACET_S3_SECRET_ACCESS_KEY, never from argv (other users
 * can read a process's arguments). With FACET_SECRET_KEY set they are stored encrypted in the
 * library; without it, every later run reads them from the same variables again.
 */
export async function addS3(options: AddS3Options): Promise<void> {
  const accessKeyId = process.env[credentialEnvVars.accessKeyId];
  const secretAccessKey = process.env[credentialEnvVars.secretAccessKey];
  if (!accessKeyId || !secretAccessKey) {
    throw new CliError(`set ${credentialEnvVars.accessKeyId} and ${credentialEnvVars.secretAccessKey} to the bucket's keys`);
  }
  await withEngine(options, async (engine) => {
    const added = await callApi(engine, 'addS3Source', {
      endpoint: options.endpoint,
      bucket: options.bucket,
      prefix: options.prefix ?? '',
      region: options.region ?? 'us-east-1',
      forcePathStyle: options.pathStyle ?? false,
      accessKeyId,
      secretAccessKey,
      label: options.label,
    });
    process.stdout.write(`Added ${added.root} (source ${added.id}). Indexing...\n`);
    const reporter = createProgressReporter(await callApi(engine, 'listSources', {}));
    const unsubscribe = engine.subscribe(reporter.onEvent);
    try {
      await engine.indexAll();
    } finally {
      unsubscribe();
      reporter.stop();
    }
    const source = (await callApi(engine, 'listSources', {})).find((s) => s.id === added.id);
    if (!source) return;
    process.stdout.write(
      `${source.root}: ${source.photoCount} photos, ${source.videoCount} videos, ${source.errorCount} errors, ` +
        `state ${source.state}${source.stateReason ? ` (${source.stateReason})` : ''}\n`,
    );
    if (source.state === 'error') process.exitCode = 1;
  });
}
