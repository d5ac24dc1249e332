import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { PipelineError } from './types';
import { type FileToProcess } from '../domain/indexed-file';
import { assertUnchanged, describeFsError, statOriginal } from './original-file';

export interface HashedFile {
  sha256: string;
  /** The exact bytes that were hashed, when asked for, so decoding sees the same content. */
  bytes: Buffer | null;
}

/**
 * Streams the original through SHA-256 (read-only) and refuses it if it changed meanwhile:
 * size and mtime after the read must still be the scanner's, and so must the byte count.
 */
export async function hashOriginal(file: FileToProcess, keepBytes: boolean): Promise<HashedFile> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let bytesRead = 0;
  try {
    const handle = await open(file.path, 'r');
    try {
      for await (const chunk of handle.createReadStream({ autoClose: false, highWaterMark: 1 << 20 })) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        bytesRead += buffer.length;
        if (keepBytes) chunks.push(buffer);
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new PipelineError('read', file.path, describeFsError(error));
  }
  const after = await statOriginal(file.path);
  assertUnchanged(file, after, 'file changed while being read');
  if (bytesRead !== file.sizeBytes) throw new PipelineError('read', file.path, 'file changed while being read');
  return { sha256: hash.digest('hex'), bytes: keepBytes ? Buffer.concat(chunks, bytesRead) : null };
}
