import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { z } from 'zod';
import { ApiError, type ApiParsedInput, type SharedLocationInfo } from '../../shared/api';
import type { SyncLinkRow } from '../catalog/sync-repo';
import { keepS3Keys, s3ConfigFromInput } from '../library/s3-settings';
import { loadS3Credentials, s3SourceConfigSchema, s3SourceRoot, type S3ResilienceOptions, type SecretStore } from '../sources/s3';
import { FolderLocation } from './folder-location';
import type { SharedLocation } from './location';
import { S3Location } from './s3-location';
import { absoluteUserPath } from '../user-path';
import { errorMessage } from '../../shared/error-message';

type LocationInput = ApiParsedInput<'linkEventToSharedLocation'>['location'];

const folderConfigSchema = z.object({ path: z.string().min(1) }).strict();

/** A link's settings as stored: no keys, only the secret store reference for S3. */
export interface StoredLocation {
  kind: 'folder' | 's3';
  config: object;
  info: SharedLocationInfo;
}

/** Checks the settings and keeps S3 keys in the secret store under a fresh reference. */
export async function storeLocation(input: LocationInput, store: SecretStore): Promise<StoredLocation> {
  if (input.kind === 'folder') {
    const root = absoluteUserPath(input.path, 'the shared folder');
    const stat = await fs.stat(root).catch(() => null);
    if (stat === null || !stat.isDirectory()) throw new ApiError('invalid_input', `shared folder not found: ${root}`);
    return { kind: 'folder', config: { path: root }, info: { kind: 'folder', root } };
  }
  const credentialsRef = `sync:${randomUUID()}`;
  const config = s3ConfigFromInput('linkEventToSharedLocation', input, credentialsRef);
  await keepS3Keys(store, credentialsRef, { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey });
  return { kind: 's3', config, info: { kind: 's3', root: s3SourceRoot(config) } };
}

export function locationInfo(link: Pick<SyncLinkRow, 'kind' | 'config'>): SharedLocationInfo {
  const config = JSON.parse(link.config) as unknown;
  if (link.kind === 'folder') return { kind: 'folder', root: folderConfigSchema.parse(config).path };
  return { kind: 's3', root: s3SourceRoot(s3SourceConfigSchema.parse(config)) };
}

/** The S3 keys' reference of a link, to delete them when the link changes. */
export function credentialsRefOfLink(link: Pick<SyncLinkRow, 'kind' | 'config'>): string | null {
  if (link.kind !== 's3') return null;
  const parsed = s3SourceConfigSchema.safeParse(JSON.parse(link.config));
  return parsed.success ? parsed.data.credentialsRef : null;
}

export async function openLocation(
  link: Pick<SyncLinkRow, 'kind' | 'config'>,
  writerId: string,
  store: SecretStore,
  resilience?: Partial<S3ResilienceOptions>,
): Promise<SharedLocation> {
  const config = JSON.parse(link.config) as unknown;
  if (link.kind === 'folder') {
    const { path: root } = folderConfigSchema.parse(config);
    return FolderLocation.open(root, writerId).catch((error: unknown) => {
      throw new ApiError('unavailable', errorMessage(error));
    });
  }
  const s3 = s3SourceConfigSchema.parse(config);
  const credentials = await loadS3Credentials(store, s3.credentialsRef).catch((error: unknown) => {
    throw new ApiError('unavailable', errorMessage(error));
  });
  return new S3Location(s3, credentials, resilience);
}
