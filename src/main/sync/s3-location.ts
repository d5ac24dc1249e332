/**
 * The shared sync prefix of an S3-compatible bucket. This is the one place Facet writes to a
 * bucket, and only below the prefix the user linked for syncing: sources stay read-only (their
 * client, sources/s3/client.ts, cannot write). Retries, backoff and error wording are the
 * source client's.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { defaultResilience, s3SourceRoot, type S3Credentials, type S3ResilienceOptions, type S3SourceConfig } from '../sources/s3';
import { httpStatusOf, S3SourceError, toSourceError } from '../sources/s3/errors';
import { RetryBudget, retrying } from '../sources/s3/retry';
import { s3SdkClientConfig } from '../sources/s3/sdk-config';
import { LocationNotFoundError, LocationTooLargeError, type SharedLocation } from './location';

export class S3Location implements SharedLocation {
  readonly label: string;
  private readonly s3: S3Client;
  private readonly resilience: S3ResilienceOptions;
  private readonly secrets: string[];

  constructor(
    private readonly config: S3SourceConfig,
    credentials: S3Credentials,
    resilience: Partial<S3ResilienceOptions> = {},
  ) {
    this.label = s3SourceRoot(config);
    this.resilience = { ...defaultResilience, ...resilience };
    this.secrets = [credentials.secretAccessKey, credentials.accessKeyId, credentials.sessionToken ?? ''];
    this.s3 = new S3Client(s3SdkClientConfig(config, credentials, this.resilience));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const command = new ListObjectsV2Command({
        Bucket: this.config.bucket,
        Prefix: this.config.prefix + prefix,
        ContinuationToken: token,
        MaxKeys: this.resilience.listPageSize,
      });
      const page = await this.call('ListObjectsV2', prefix, () => this.s3.send(command));
      for (const item of page.Contents ?? []) {
        if (item.Key && item.Key.startsWith(this.config.prefix) && !item.Key.endsWith('/')) {
          keys.push(item.Key.slice(this.config.prefix.length));
        }
      }
      if (page.IsTruncated && !page.NextContinuationToken) throw new Error(`ListObjectsV2 ${this.label}${prefix}: truncated page without a token`);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async read(key: string, maxBytes: number): Promise<Buffer> {
    const output = await this.call('GetObject', key, () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.config.prefix + key })),
    ).catch((error: unknown) => {
      throw statusOf(error) === 404 ? new LocationNotFoundError(key) : error;
    });
    const body = output.Body as Readable | undefined;
    if (!body) throw new Error(`GetObject ${this.label}${key}: response without a body`);
    if ((output.ContentLength ?? 0) > maxBytes) {
      body.destroy();
      throw new LocationTooLargeError(key, maxBytes);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes) throw new LocationTooLargeError(key, maxBytes);
        chunks.push(chunk);
      }
    } finally {
      body.destroy();
    }
    return Buffer.concat(chunks);
  }

  /**
   * If-None-Match: * makes the create conditional where the service supports it (AWS S3, R2,
   * MinIO); servers that ignore it (s3rver) overwrite, which is harmless here: objects are
   * named by their content and log keys by their one writer.
   */
  async writeNew(key: string, data: Buffer): Promise<'written' | 'exists'> {
    if (await this.exists(key)) return 'exists';
    try {
      await this.call('PutObject', key, () =>
        this.s3.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: this.config.prefix + key, Body: data, IfNoneMatch: '*' })),
      );
      return 'written';
    } catch (error) {
      // 412: it exists (also when our own earlier attempt landed but its answer was lost); 409: a concurrent create.
      const status = statusOf(error);
      if (status === 412 || status === 409) return 'exists';
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.call('HeadObject', key, () => this.s3.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.config.prefix + key })));
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.s3.destroy();
  }

  private async call<T>(operation: string, key: string, send: () => Promise<T>): Promise<T> {
    const budget = new RetryBudget(this.resilience.retry);
    try {
      return await retrying(budget, send, () => undefined);
    } catch (error) {
      throw toSourceError(error, {
        operation,
        target: `${this.label}${key}`,
        attempts: budget.attempts,
        secrets: this.secrets,
      });
    }
  }
}

function statusOf(error: unknown): number | null {
  return error instanceof S3SourceError ? error.status : httpStatusOf(error);
}
