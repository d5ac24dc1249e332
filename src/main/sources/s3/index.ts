/** Public face of S3-compatible sources (S3, R2, MinIO). */
export { s3SourceConfigSchema, s3SourceRoot, type S3SourceConfig, type S3SourceConfigInput } from './config';
export { S3SourceClient, defaultResilience, type DownloadedObject, type S3ResilienceOptions, type S3SourceClientOptions } from './client';
export type { S3SourceState, StateListener, ProbeSchedule } from './availability';
export { diffListing, type ListingDiff, type ObjectVersion, type S3ObjectInfo } from './listing';
export type { S3ObjectStream } from './object-stream';
export { S3SourceError, type FailureKind } from './errors';
export type { RetryPolicy } from './retry';
export {
  EncryptedFileSecretStore,
  EnvCredentialsSecretStore,
  aesGcmCipher,
  createNodeSecretStore,
  credentialEnvVars,
  type SecretCipher,
  type SecretStore,
} from './secret-store';
export { loadS3Credentials, saveS3Credentials, type S3Credentials } from './s3-credentials';
