/**
 * Read-only client for one S3-compatible source. Facet never writes to or deletes from a source
 * bucket: only ListObjectsV2, HeadObject and GetObject are imported here, and the SDK client is private.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createWriteStream } from 'node:fs';
import { rm, utimes } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SourceAvailability, type ProbeSchedule, type S3SourceState, type StateListener } from './availability';
import { s3SourceRoot, type S3SourceConfig } from './config';
import { describeFailure, redact, S3SourceError, toSourceError } from './errors';
import { normalizeEtag, type S3ObjectInfo } from './listing';
import { resumableObjectStream, type ObjectPart, type S3ObjectStream } from './object-stream';
import { RetryBudget, retrying, type RetryPolicy } from './retry';
import { loadS3Credentials, type S3Credentials } from './s3-credentials';
import { s3SdkClientConfig } from './sdk-config';
import type { SecretStore } from './secret-store';
import { Semaphore } from '../../concurrency/semaphore';
import { commitTempFileAsync, rederivable, tempPathFor } from '../../fs/atomic-file';

export interface S3ResilienceOptions {
  retry: RetryPolicy;
  probe: ProbeSchedule;
  connectTimeoutMs: number;
  /** A request (or a body) that sends nothing for this long is abandoned and retried. */
  idleTimeoutMs: number;
  /** Keys per ListObjectsV2 page (S3 caps it at 1000). */
  listPageSize: number;
}

export const defaultResilience: S3ResilienceOptions = {
  retry: { maxAttempts: 8, maxElapsedMs: 120_000, baseDelayMs: 200, maxDelayMs: 20_000 },
  probe: { baseDelayMs: 5_000, maxDelayMs: 300_000 },
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  listPageSize: 1000,
};

export interface S3SourceClientOptions {
  resilience?: Partial<S3ResilienceOptions>;
  onStateChange?: StateListener;
  /** Retry notices; lines never contain credentials. */
  log?: (line: string) => void;
}

/** A downloaded original, described the way the pipeline's FileToProcess wants it. */
export interface DownloadedObject {
  path: string;
  key: string;
  etag: string;
  sizeBytes: number;
  /** The object's LastModified, also set as the file's mtime. */
  mtimeMs: number;
}

export class S3SourceClient {
  private readonly s3: S3Client;
  private readonly limit: Semaphore;
  private readonly availability: SourceAvailability;
  private readonly resilience: S3ResilienceOptions;
  private readonly secrets: string[];
  private readonly log: (line: string) => void;

  /** Resolves the credentials from the store; the config only names them. */
  static async open(config: S3SourceConfig, store: SecretStore, options: S3SourceClientOptions = {}): Promise<S3SourceClient> {
    return new S3SourceClient(config, await loadS3Credentials(store, config.credentialsRef), options);
  }

  constructor(
    private readonly config: S3SourceConfig,
    credentials: S3Credentials,
    options: S3SourceClientOptions = {},
  ) {
    this.resilience = { ...defaultResilience, ...options.resilience };
    this.secrets = [credentials.secretAccessKey, credentials.accessKeyId, credentials.sessionToken ?? ''];
    this.log = (line) => options.log?.(redact(line, this.secrets));
    this.limit = new Semaphore(config.maxConcurrency);
    const agentOptions = { keepAlive: true, maxSockets: config.maxConcurrency + 1 };
    this.s3 = new S3Client(
      s3SdkClientConfig(config, credentials, this.resilience, {
        httpAgent: new HttpAgent(agentOptions),
        httpsAgent: new HttpsAgent(agentOptions),
      }),
    );
    this.availability = new SourceAvailability(
      () => this.probe(),
      (error) => `Cannot reach ${this.endpointLabel()}: ${describeFailure(error)}. Facet keeps retrying by itself.`,
      this.resilience.probe,
      options.onStateChange ?? (() => undefined),
    );
  }

  get state(): S3SourceState {
    return this.availability.state;
  }

  /** Why the source is paused, in words a user can act on; null while online. */
  get stateReason(): string | null {
    return this.availability.reason;
  }

  waitUntilOnline(signal?: AbortSignal): Promise<void> {
    return this.availability.waitUntilOnline(signal);
  }

  /**
   * Every object under the prefix, page by page (folder markers left out). Throws if any page
   * fails, so a caller never mistakes a partial listing for a complete one.
   */
  async *list(): AsyncGenerator<S3ObjectInfo> {
    this.assertOnline();
    const prefix = this.config.prefix;
    let token: string | undefined;
    do {
      const command = new ListObjectsV2Command({
        Bucket: this.config.bucket,
        Prefix: prefix || undefined,
        ContinuationToken: token,
        MaxKeys: this.resilience.listPageSize,
      });
      const page = await this.call('ListObjectsV2', prefix, this.newBudget(), () => this.limit.use(() => this.s3.send(command)));
      for (const item of page.Contents ?? []) {
        if (!item.Key || item.Key.endsWith('/')) continue;
        yield objectInfo(item.Key, item.ETag, item.Size, item.LastModified);
      }
      if (page.IsTruncated && !page.NextContinuationToken) {
        throw new S3SourceError(
          `ListObjectsV2 ${s3SourceRoot(this.config)}: truncated page without a continuation token`,
          'IncompleteListing',
          null,
          'permanent',
        );
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async stat(key: string): Promise<S3ObjectInfo> {
    this.assertOnline();
    const command = new HeadObjectCommand({ Bucket: this.config.bucket, Key: key });
    const head = await this.call('HeadObject', key, this.newBudget(), () => this.limit.use(() => this.s3.send(command)));
    return objectInfo(key, head.ETag, head.ContentLength, head.LastModified);
  }

  /**
   * Streams the object, resuming with Range requests after dropped connections. The stream holds one
   * of the source's concurrency permits until it ends or is destroyed: consume it or destroy it.
   */
  async openObject(key: string): Promise<S3ObjectStream> {
    this.assertOnline();
    const release = await this.limit.acquire();
    try {
      const budget = this.newBudget();
      const first = await this.getPart(key, 0, budget);
      return resumableObjectStream({
        first,
        resume: (offset) => this.getPart(key, offset, budget, first.info.etag),
        budget,
        onRetry: (error, delay) => this.logRetry('GetObject', key, error, delay, budget),
        fail: (error) => this.sourceError('GetObject', key, error, budget),
        onClose: release,
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Streams bytes start..end (inclusive) of the object, as a media player seeking in it asks for
   * them; with the ETag the catalog holds, a changed object fails (412) instead of mixing versions.
   * Holds one concurrency permit until the stream ends or is destroyed.
   */
  async openRange(key: string, range: { start: number; end: number }, etag: string | null): Promise<Readable> {
    this.assertOnline();
    const release = await this.limit.acquire();
    try {
      const command = new GetObjectCommand({
        Bucket: this.config.bucket,
        Key: key,
        Range: `bytes=${range.start}-${range.end}`,
        IfMatch: etag ? `"${etag}"` : undefined,
      });
      const output = await this.call('GetObject', key, this.newBudget(), () => this.s3.send(command));
      const body = output.Body as Readable | undefined;
      if (!body) throw new S3SourceError(`GetObject ${key}: response without a body`, 'NoBody', null, 'permanent');
      body.once('close', release);
      return body;
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Streams the object into a temp file next to dest, then renames it: dest is complete or absent. */
  async downloadToFile(key: string, dest: string): Promise<DownloadedObject> {
    const body = await this.openObject(key);
    const temp = tempPathFor(dest);
    try {
      await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
      await utimes(temp, body.info.lastModified, body.info.lastModified);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    // A staging copy, removed once indexed (and when a library opens): no folder flush needed.
    await commitTempFileAsync(temp, dest, rederivable);
    const { etag, size, lastModified } = body.info;
    return { path: dest, key, etag, sizeBytes: size, mtimeMs: lastModified.getTime() };
  }

  /** Stops probing and closes pooled connections. */
  close(): void {
    this.availability.close();
    this.s3.destroy();
  }

  private async getPart(key: string, offset: number, budget: RetryBudget, ifMatch?: string): Promise<ObjectPart> {
    const command = new GetObjectCommand({
      Bucket: this.config.bucket,
      Key: key,
      Range: offset > 0 ? `bytes=${offset}-` : undefined,
      IfMatch: ifMatch ? `"${ifMatch}"` : undefined,
    });
    // The permit is already held by openObject for the stream's whole life.
    const output = await this.call('GetObject', key, budget, () => this.s3.send(command));
    const body = output.Body as Readable | undefined;
    if (!body) throw new S3SourceError(`GetObject ${key}: response without a body`, 'NoBody', null, 'permanent');
    const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(output.ContentRange ?? '');
    const start = range ? Number(range[1]) : 0;
    const size = range ? Number(range[2]) : (output.ContentLength ?? 0);
    return { body, info: objectInfo(key, output.ETag, size, output.LastModified), start };
  }

  /** Single request without retries: the availability probe. */
  private async probe(): Promise<void> {
    await this.s3.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.config.prefix || undefined, MaxKeys: 1 }));
  }

  /** Runs one request with retries; success means the source is reachable, a spent budget pauses it. */
  private async call<T>(operation: string, key: string, budget: RetryBudget, send: () => Promise<T>): Promise<T> {
    try {
      const result = await retrying(budget, send, (error, delay) => this.logRetry(operation, key, error, delay, budget));
      this.availability.markOnline();
      return result;
    } catch (error) {
      const sourceError = this.sourceError(operation, key, error, budget);
      if (sourceError.transient) this.availability.markUnreachable(error);
      throw sourceError;
    }
  }

  private sourceError(operation: string, key: string, error: unknown, budget: RetryBudget): S3SourceError {
    return toSourceError(error, {
      operation,
      target: `s3://${this.config.bucket}/${key}`,
      attempts: budget.attempts,
      secrets: this.secrets,
    });
  }

  private logRetry(operation: string, key: string, error: unknown, delayMs: number, budget: RetryBudget): void {
    const target = `s3://${this.config.bucket}/${key}`;
    this.log(`${operation} ${target}: ${describeFailure(error)}; attempt ${budget.attempts} in ${delayMs} ms`);
  }

  private assertOnline(): void {
    if (this.availability.state === 'paused') {
      throw new S3SourceError(this.availability.reason ?? 'source is paused', 'SourcePaused', null, 'network');
    }
  }

  private newBudget(): RetryBudget {
    return new RetryBudget(this.resilience.retry);
  }

  private endpointLabel(): string {
    return `${this.config.endpoint ?? `AWS S3 (${this.config.region})`} for ${s3SourceRoot(this.config)}`;
  }
}

function objectInfo(key: string, etag: string | undefined, size: number | undefined, lastModified: Date | undefined): S3ObjectInfo {
  return { key, etag: normalizeEtag(etag), size: size ?? 0, lastModified: lastModified ?? new Date(0) };
}
