/**
 * A place several libraries share without a server: a folder (a synced drive, a NAS share) or
 * an S3 prefix. Writers only ever create new keys, never rewrite one, so no two writers can
 * conflict and a crash never leaves a half-changed file behind.
 */
export interface SharedLocation {
  /** Shown to users: the folder path, or s3://bucket/prefix/. */
  readonly label: string;
  /** Every key below `prefix` ('/' separators, relative to the location). */
  list(prefix: string): Promise<string[]>;
  /** The key's bytes, read as a stream and abandoned past `maxBytes` (LocationTooLargeError). */
  read(key: string, maxBytes: number): Promise<Buffer>;
  /** Creates the key with these complete bytes; 'exists' (nothing written) when it is already there. */
  writeNew(key: string, data: Buffer): Promise<'written' | 'exists'>;
  exists(key: string): Promise<boolean>;
  close(): Promise<void>;
}

export class LocationTooLargeError extends Error {
  constructor(
    readonly key: string,
    readonly limit: number,
  ) {
    super(`${key} is larger than the limit of ${limit} bytes`);
    this.name = 'LocationTooLargeError';
  }
}

export class LocationNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`${key} does not exist`);
    this.name = 'LocationNotFoundError';
  }
}
