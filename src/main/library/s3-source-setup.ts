import { randomUUID } from 'node:crypto';
import { ApiError, type ApiParsedInput } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { SourceRow } from '../catalog/sources-repo';
import { loadS3Credentials, s3SourceConfigSchema, s3SourceRoot, type S3Credentials, type SecretStore } from '../sources/s3';
import { keepS3Keys, s3ConfigFromInput } from './s3-settings';
import { isUniqueViolation } from '../catalog/sqlite-errors';

/**
 * Adds an S3 source: checks the settings, keeps the keys in the secret store under a fresh
 * reference, and records the source with its non-secret config. Nothing is asked of the server
 * here: the first scan finds out whether it answers and sets the source's state.
 */
export async function addS3SourceRow(catalog: Catalog, store: SecretStore, input: ApiParsedInput<'addS3Source'>): Promise<SourceRow> {
  const credentialsRef = `s3:${randomUUID()}`;
  const config = s3ConfigFromInput('addS3Source', input, credentialsRef);
  const root = s3SourceRoot(config);
  if (catalog.sources.list().some((source) => source.root === root)) {
    throw new ApiError('conflict', `${root} is already in the library`);
  }

  const credentials = { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey };
  const stored = await storeCredentials(store, credentialsRef, credentials);
  try {
    return catalog.sources.add('s3', root, input.label ?? root, config);
  } catch (error) {
    if (stored) await store.delete(credentialsRef);
    // Two adds of the same prefix racing past the check above.
    if (isUniqueViolation(error)) throw new ApiError('conflict', `${root} is already in the library`);
    throw error;
  }
}

/** The reference of an S3 source's keys, to delete them with the source. */
export function credentialsRefOf(source: SourceRow): string | null {
  if (source.kind !== 's3') return null;
  const parsed = s3SourceConfigSchema.safeParse(JSON.parse(source.config));
  return parsed.success ? parsed.data.credentialsRef : null;
}

/**
 * Stores the keys; true when they were written. A store that already resolves the reference to
 * these keys (the environment store of a CLI run) has nothing to write. Errors never quote keys.
 */
async function storeCredentials(store: SecretStore, ref: string, credentials: S3Credentials): Promise<boolean> {
  const existing = await loadS3Credentials(store, ref).catch(() => null);
  if (existing?.accessKeyId === credentials.accessKeyId && existing.secretAccessKey === credentials.secretAccessKey) {
    return false;
  }
  await keepS3Keys(store, ref, credentials);
  return true;
}
