import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Catalog } from '../catalog/catalog';
import type { PendingFile } from '../catalog/files-repo';
import type { SourceRow } from '../catalog/sources-repo';
import { S3SourceClient, S3SourceError, s3SourceConfigSchema, type S3ResilienceOptions, type S3SourceConfig, type SecretStore } from '../sources/s3';
import { errorVerdict, type FailureVerdict, type LocalOriginal, type OriginalAccess } from './originals';
import { errorMessage } from '../../shared/error-message';

export interface S3SourcesOptions {
  catalog: Catalog;
  secretStore: SecretStore;
  /** Originals are downloaded here one file at a time and deleted once processed. */
  stagingDir: string;
  resilience?: Partial<S3ResilienceOptions>;
  /** The source went away (paused, with a reason), could not be used at all (error), or is back. */
  onStateChange(sourceId: number, state: 'paused' | 'error' | 'online', reason: string | null): void;
  log?: (line: string) => void;
}

/** The client could not even be built: bad stored config or no credentials for it. */
class SourceSetupError extends Error {}

/** S3 answers that mean the keys are wrong for the whole source, not for one object. */
const credentialCodes = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired', 'AccountProblem']);
const goneCodes = new Set(['NoSuchKey', 'NotFound']);

export function parseS3Config(source: SourceRow): S3SourceConfig {
  try {
    return s3SourceConfigSchema.parse(JSON.parse(source.config));
  } catch {
    throw new SourceSetupError(`the stored settings of ${source.root} are not valid; remove the source and add it again`);
  }
}

/**
 * One read-only client per S3 source, opened on first use, and the way S3 originals reach the
 * pipeline: each object is streamed to a staging file inside the library, processed, deleted.
 * Originals are not kept: thumbnails and previews are what the app shows.
 */
export class S3Sources implements OriginalAccess {
  private readonly clients = new Map<number, Promise<S3SourceClient>>();
  private closed = false;

  constructor(private readonly options: S3SourcesOptions) {}

  /** Removes what a killed process left in the staging folder. */
  async prepare(): Promise<void> {
    await fs.rm(this.options.stagingDir, { recursive: true, force: true });
    await fs.mkdir(this.options.stagingDir, { recursive: true });
  }

  client(source: SourceRow): Promise<S3SourceClient> {
    if (this.closed) return Promise.reject(new Error('library closed'));
    let client = this.clients.get(source.id);
    if (!client) {
      client = this.openClient(source);
      this.clients.set(source.id, client);
      // A failed open (missing credentials) is tried again next time, not cached.
      client.catch(() => this.clients.delete(source.id));
    }
    return client;
  }

  /** The pause reason while the source's client is open and paused; null otherwise. */
  async pauseReason(sourceId: number): Promise<string | null> {
    const client = await this.clients.get(sourceId)?.catch(() => null);
    return client?.state === 'paused' ? (client.stateReason ?? 'source is paused') : null;
  }

  async forget(sourceId: number): Promise<void> {
    const client = this.clients.get(sourceId);
    this.clients.delete(sourceId);
    (await client?.catch(() => null))?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.clients.keys()].map((id) => this.forget(id)));
  }

  async open(source: SourceRow, file: PendingFile): Promise<LocalOriginal> {
    const config = parseS3Config(source);
    const client = await this.client(source);
    // The file id keeps concurrent names apart; the extension helps tools that look at names.
    const staged = path.join(this.options.stagingDir, `${file.id}${path.extname(file.relPath).toLowerCase()}`);
    const downloaded = await client.downloadToFile(config.prefix + file.relPath, staged);
    const release = () => fs.rm(staged, { force: true });
    try {
      const committed = this.versionDownloaded(file, downloaded);
      const stats = await fs.stat(staged);
      return { path: staged, sizeBytes: stats.size, mtimeMs: stats.mtimeMs, file: committed, release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Bytes start..end of an indexed original, for playback; etag pins the version the catalog indexed. */
  async openRange(source: SourceRow, relPath: string, range: { start: number; end: number }, etag: string | null): Promise<Readable> {
    const client = await this.client(source);
    return client.openRange(parseS3Config(source).prefix + relPath, range, etag);
  }

  async judgeFailure(source: SourceRow, _file: PendingFile, error: unknown): Promise<FailureVerdict> {
    if (error instanceof SourceSetupError) return this.sourceFailed(source, error.message);
    if (!(error instanceof S3SourceError)) return errorVerdict(error, 'download');
    if (credentialCodes.has(error.code)) return this.sourceFailed(source, error.message);
    if (goneCodes.has(error.code) || error.status === 404) return { outcome: 'missing' };
    // Paused: the row waits for the source. A transient failure on a source that stayed online
    // (one object kept failing) is an error now; the next scan tries download errors again.
    if (error.transient && (await this.pauseReason(source.id)) !== null) return { outcome: 'retry-later' };
    return { outcome: 'error', stage: 'download', reason: error.message };
  }

  /**
   * The object may have been replaced since it was listed: then the result describes the newer
   * version, so the row is re-queued with it before the result is committed against it.
   */
  private versionDownloaded(file: PendingFile, downloaded: { etag: string; sizeBytes: number; mtimeMs: number }): PendingFile {
    const { catalog } = this.options;
    if (catalog.objects.etagOf(file.id) === downloaded.etag && downloaded.sizeBytes === file.sizeBytes) return file;
    const newer = { ...file, sizeBytes: downloaded.sizeBytes, mtimeMs: downloaded.mtimeMs };
    catalog.transaction(() =>
      catalog.objects.record(file.sourceId, {
        relPath: file.relPath,
        etag: downloaded.etag,
        sizeBytes: newer.sizeBytes,
        mtimeMs: newer.mtimeMs,
      }),
    );
    return newer;
  }

  private sourceFailed(source: SourceRow, reason: string): FailureVerdict {
    // The source goes to 'error', which takes its rows out of the queue until it is scanned again.
    this.options.onStateChange(source.id, 'error', reason);
    return { outcome: 'retry-later' };
  }

  private async openClient(source: SourceRow): Promise<S3SourceClient> {
    const config = parseS3Config(source);
    try {
      return await S3SourceClient.open(config, this.options.secretStore, {
        resilience: this.options.resilience,
        log: this.options.log,
        onStateChange: (state, reason) => this.options.onStateChange(source.id, state, reason),
      });
    } catch (error) {
      throw new SourceSetupError(`${source.root}: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return errorMessage(error);
}
