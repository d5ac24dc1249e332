/** S3 access keys as kept in a SecretStore (one JSON secret per credentialsRef). */
import { z } from 'zod';
import type { SecretStore } from './secret-store';

const s3CredentialsSchema = z.object({
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional(),
});

export type S3Credentials = z.infer<typeof s3CredentialsSchema>;

export async function saveS3Credentials(store: SecretStore, ref: string, credentials: S3Credentials): Promise<void> {
  await store.set(ref, JSON.stringify(s3CredentialsSchema.parse(credentials)));
}

export async function loadS3Credentials(store: SecretStore, ref: string): Promise<S3Credentials> {
  const secret = await store.get(ref);
  if (secret === null) throw new Error(`No S3 credentials are stored under "${ref}"`);
  let value: unknown;
  try {
    value = JSON.parse(secret);
  } catch {
    value = null;
  }
  const parsed = s3CredentialsSchema.safeParse(value);
  // The zod issues would quote the secret back: name the reference only.
  if (!parsed.success) throw new Error(`The secret stored under "${ref}" is not a pair of S3 access keys`);
  return parsed.data;
}
