import { callApi, withEngine, type GlobalOptions } from '../context';
import { indexUntilIdle } from '../progress';
import { s3SettingsFrom, type S3BucketOptions } from '../s3-options';

export interface AddS3Options extends GlobalOptions, S3BucketOptions {
  bucket: string;
  label?: string;
}

/**
 * `facet add-s3`: adds a bucket prefix as a read-only source and indexes it until idle. The keys
 * come from FACET_S3_ACCESS_KEY_ID / FACET_S3_SECRET_ACCESS_KEY, never from argv (other users
 * can read a process's arguments). With FACET_SECRET_KEY set they are stored encrypted in the
 * library; without it, every later run reads them from the same variables again.
 */
export async function addS3(options: AddS3Options): Promise<void> {
  const settings = s3SettingsFrom(options.bucket, options);
  await withEngine(options, async (engine) => {
    const added = await callApi(engine, 'addS3Source', { ...settings, label: options.label });
    process.stdout.write(`Added ${added.root} (source ${added.id}). Indexing...\n`);
    await indexUntilIdle(engine);
    const source = (await callApi(engine, 'listSources', {})).find((s) => s.id === added.id);
    if (!source) return;
    process.stdout.write(
      `${source.root}: ${source.photoCount} photos, ${source.videoCount} videos, ${source.errorCount} errors, ` +
        `state ${source.state}${source.stateReason ? ` (${source.stateReason})` : ''}\n`,
    );
    if (source.state === 'error') process.exitCode = 1;
  });
}
