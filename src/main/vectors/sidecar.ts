import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { replaceFileAtomically } from '../fs/atomic-file';

/**
 * The JSON written next to each index file. It says which catalog state the index mirrors and
 * pins the exact bytes of the index file, so a stale, truncated or scribbled-on index is caught
 * before hnswlib parses it (hnswlib trusts offsets read from the file and can crash on garbage).
 */
export const sidecarFormat = 2;

const fileFingerprint = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const sidecarSchema = z.object({
  format: z.literal(sidecarFormat),
  modelVersion: z.string(),
  dim: z.number().int().positive(),
  /** Faces searchable in the index (added and not deleted). */
  count: z.number().int().nonnegative(),
  /** Highest searchable face id, 0 when empty. */
  lastFaceId: z.number().int().nonnegative(),
  /** Marked deleted: hidden from search but their vectors are still in the file until a purge. */
  deletedIds: z.array(z.number().int().nonnegative()),
  /** Marked deleted and their vectors overwritten with noise by a purge. */
  erasedIds: z.array(z.number().int().nonnegative()).default([]),
  params: z.object({
    m: z.number().int().positive(),
    efConstruction: z.number().int().positive(),
  }),
  /** One graph file per shard; shard i holds the faces whose id % shards.length is i. */
  shards: z.array(fileFingerprint).min(1),
  savedAt: z.string(),
});

export type Sidecar = z.infer<typeof sidecarSchema>;
export type FileFingerprint = z.infer<typeof fileFingerprint>;

/** Why a library without any saved index builds one: the ordinary first time, not a repair. */
export const noSavedIndex = 'no saved index';

/** Parsed sidecar, or the reason it cannot be used. */
export function readSidecar(file: string): Sidecar | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? noSavedIndex : `sidecar ${file} unreadable (${code ?? String(error)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: `sidecar ${file} is not valid JSON` };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== sidecarFormat)
    return { problem: `sidecar ${file} is format ${format}, this version reads format ${sidecarFormat}` };
  const parsed = sidecarSchema.safeParse(json);
  return parsed.success ? parsed.data : { problem: `sidecar ${file} has an unexpected shape` };
}

export function writeSidecar(file: string, sidecar: Sidecar): void {
  replaceFileAtomically(file, (temp) => writeFileSync(temp, JSON.stringify(sidecar, null, 2) + '\n'));
}

/** Size and SHA-256 of a file, read in chunks so a multi-GiB index never sits in memory twice. */
export function fingerprintFile(file: string): FileFingerprint {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(8 << 20);
  const fd = openSync(file, 'r');
  let bytes = 0;
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      hash.update(chunk.subarray(0, read));
      bytes += read;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}
