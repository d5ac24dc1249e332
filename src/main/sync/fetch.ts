/** Fetches shared photos into the event's synced folder, where the normal indexing picks them up. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { LocationNotFoundError, type SharedLocation } from './location';
import { asRefusal } from './log-reader';
import { objectKey, SyncRefusedError, type AddEntry, type SyncLimits } from './log-format';
import type { SharedPhoto } from './merge';
import { sha256Of } from './publish';
import { writeFileAtomic } from '../fs/atomic-file';

/** Where a shared photo lands, relative to the synced folder: <sha256>/<its file name>. */
export function fetchedRelPath(photo: SharedPhoto): string {
  const { fileName, object } = photo.entry;
  const name = object.kind === 'web' ? `${fileName.replace(/\.[^.]*$/, '')}.webp` : fileName;
  return `${photo.sha256}/${name}`;
}

/**
 * The bytes of an add's object, read from the shared location (bounded by the size the entry
 * declares) and checked against its sha256. Throws SyncRefusedError. An add counts only with its
 * bytes: a log entry naming a sha256 proves nothing about having the photo.
 */
export async function readObject(location: SharedLocation, object: AddEntry['object'], limits: SyncLimits): Promise<Buffer> {
  const key = objectKey(object.sha256);
  if (object.bytes > limits.maxObjectBytes) {
    throw new SyncRefusedError(key, 'too-large', `${object.bytes} bytes, more than the limit of ${limits.maxObjectBytes}`);
  }
  let bytes: Buffer;
  try {
    bytes = await location.read(key, object.bytes);
  } catch (error) {
    if (error instanceof LocationNotFoundError) {
      throw new SyncRefusedError(key, 'missing-object', 'not in the shared location (yet); tried again on the next sync');
    }
    throw asRefusal(key, error);
  }
  if (bytes.length !== object.bytes || sha256Of(bytes) !== object.sha256) {
    throw new SyncRefusedError(key, 'checksum-mismatch', 'its bytes do not match the sha256 and size the log gives');
  }
  return bytes;
}

/** Reads the photo's object and places it complete (temp file, then rename). Throws SyncRefusedError. */
export async function fetchPhoto(location: SharedLocation, photo: SharedPhoto, dir: string, limits: SyncLimits): Promise<string> {
  const rel = fetchedRelPath(photo);
  // The names were validated (log-format): a hex folder and one plain file name, inside dir.
  const target = path.join(dir, ...rel.split('/'));
  const existing = await fs.stat(target).catch(() => null);
  if (existing?.size === photo.entry.object.bytes) return rel;
  const bytes = await readObject(location, photo.entry.object, limits);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, bytes);
  return rel;
}
