import { ApiError, type ApiParsedInput } from '../../shared/api';
import { saveS3Credentials, s3SourceConfigSchema, type S3Credentials, type S3SourceConfig, type SecretStore } from '../sources/s3';
import { errorMessage } from '../../shared/error-message';

/** The bucket settings an API call gives, for a source or for an event's shared location. */
export type S3SettingsInput = Pick<ApiParsedInput<'addS3Source'>, 'endpoint' | 'region' | 'bucket' | 'prefix' | 'forcePathStyle'> & {
  maxConcurrency?: number;
};

/** Checks the settings into the config stored in the catalog; `method` names the call in the error. */
export function s3ConfigFromInput(method: string, input: S3SettingsInput, credentialsRef: string): S3SourceConfig {
  const parsed = s3SourceConfigSchema.safeParse({
    endpoint: input.endpoint,
    region: input.region,
    bucket: input.bucket,
    prefix: input.prefix,
    forcePathStyle: input.forcePathStyle,
    credentialsRef,
    maxConcurrency: input.maxConcurrency,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ApiError('invalid_input', `${method}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Writes the keys to the secret store; a failure is 'unavailable' and never quotes the keys. */
export async function keepS3Keys(store: SecretStore, ref: string, credentials: S3Credentials): Promise<void> {
  try {
    await saveS3Credentials(store, ref, credentials);
  } catch (error) {
    const reason = errorMessage(error);
    throw new ApiError('unavailable', `cannot keep the S3 keys: ${reason}`);
  }
}
