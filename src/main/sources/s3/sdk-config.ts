import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { S3ResilienceOptions } from './client';
import type { S3SourceConfig } from './config';
import type { S3Credentials } from './s3-credentials';

/**
 * The AWS SDK settings of every S3 client Facet makes (the read-only source client, the sync
 * location). Only construction is shared: which commands a client may send stays with its class.
 */
export function s3SdkClientConfig(
  config: S3SourceConfig,
  credentials: S3Credentials,
  resilience: Pick<S3ResilienceOptions, 'connectTimeoutMs' | 'idleTimeoutMs'>,
  agents: { httpAgent?: HttpAgent; httpsAgent?: HttpsAgent } = {},
): S3ClientConfig {
  return {
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials,
    // Checksums on streamed bodies break Range resumes, and several S3-compatible servers store
    // the SDK's checksum framing verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Retries live in Facet's callers, where they share one budget per operation and drive pausing.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: resilience.connectTimeoutMs, socketTimeout: resilience.idleTimeoutMs, ...agents },
  };
}
