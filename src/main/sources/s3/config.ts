/** Non-secret settings of one S3-compatible source (AWS S3, Cloudflare R2, MinIO ...), stored in the catalog. */
import { z } from 'zod';

/** "photos" and "/photos/" both mean the folder photos/, never also photos-old/. */
function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

const endpoint = z
  .url({ protocol: /^https?$/, error: 'endpoint must be an http(s) URL' })
  // Credentials go through the SecretStore; a URL with user:password would end up in logs.
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'endpoint must not contain a user name or password');

export const s3SourceConfigSchema = z
  .object({
    /** Omit for AWS S3; R2: https://<account>.r2.cloudflarestorage.com; MinIO: its URL. */
    endpoint: endpoint.optional(),
    /** R2 uses "auto". */
    region: z.string().min(1).default('us-east-1'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket name must be 3-63 lowercase letters, digits, dots or hyphens'),
    prefix: z.string().default('').transform(normalizePrefix),
    /** MinIO and most self-hosted servers need path-style URLs (http://host/bucket/key). */
    forcePathStyle: z.boolean().default(false),
    /** Name of the credentials in the SecretStore; the secret itself never lives in this config. */
    credentialsRef: z.string().min(1),
    /** Requests in flight at once against this source. */
    maxConcurrency: z.int().min(1).max(64).default(4),
  })
  .strict();

export type S3SourceConfig = z.output<typeof s3SourceConfigSchema>;
export type S3SourceConfigInput = z.input<typeof s3SourceConfigSchema>;

/** The source root shown to users and stored in sources.root: s3://bucket/prefix/. */
export function s3SourceRoot(config: Pick<S3SourceConfig, 'bucket' | 'prefix'>): string {
  return `s3://${config.bucket}/${config.prefix}`;
}
