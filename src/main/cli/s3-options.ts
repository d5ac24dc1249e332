import type { Command } from 'commander';
import { credentialEnvVars } from '../sources/s3/secret-store';
import { CliError } from './cli-error';

/** The bucket flags `add-s3` and `sync --bucket` share. */
export interface S3BucketOptions {
  endpoint?: string;
  prefix?: string;
  region?: string;
  pathStyle?: boolean;
}

/** Declares the bucket flags on a command (`--bucket` itself is declared by each command). */
export function withS3BucketFlags(command: Command): Command {
  return command
    .option('--endpoint <url>', 'service URL (omit for AWS S3)')
    .option('--prefix <prefix>', 'only keys below this prefix', '')
    .option('--region <region>', 'region (R2: auto)', 'us-east-1')
    .option('--path-style', 'path-style URLs (MinIO and most self-hosted servers)');
}

/**
 * The flags as the API's bucket settings, with the keys from FACET_S3_ACCESS_KEY_ID /
 * FACET_S3_SECRET_ACCESS_KEY: never from argv, which other users can read.
 */
export function s3SettingsFrom(bucket: string, options: S3BucketOptions) {
  const accessKeyId = process.env[credentialEnvVars.accessKeyId];
  const secretAccessKey = process.env[credentialEnvVars.secretAccessKey];
  if (!accessKeyId || !secretAccessKey) {
    throw new CliError(`set ${credentialEnvVars.accessKeyId} and ${credentialEnvVars.secretAccessKey} to the bucket's keys`);
  }
  return {
    endpoint: options.endpoint,
    bucket,
    prefix: options.prefix ?? '',
    region: options.region ?? 'us-east-1',
    forcePathStyle: options.pathStyle ?? false,
    accessKeyId,
    secretAccessKey,
  };
}
