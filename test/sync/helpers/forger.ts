/**
 * Someone writing into a shared folder by hand, as a contributor that joined with its own key
 * (join), or as anyone at all (unsigned segments, segments signed with some other key).
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyRecordKey, objectKey, segmentKey, syncFormat, type LogEntry } from '../../../src/main/sync/log-format';
import { keyRecordBytes, signedSegmentBytes } from '../../../src/main/sync/signing';

export interface Forger {
  readonly contributorId: string;
  readonly privateKey: KeyObject;
  /** Publishes keys/<id>.json with this forger's key, as a contributor does when it joins. */
  join(): void;
  /** logs/<id>/<seq>.json signed with `signWith` (this forger's key unless given). */
  writeSigned(seq: number, entries: unknown[], options?: { createdAt?: string; signWith?: KeyObject; as?: string }): string;
  /** An unsigned, version 1 segment: what an older Facet writes. */
  writeUnsigned(seq: number, entries: unknown[], options?: { createdAt?: string; as?: string }): string;
  /** objects/<sha256> holding these bytes; returns the sha256. */
  writeObject(bytes: Buffer): string;
  /** An add entry for a photo whose object is its original. */
  addEntry(bytes: Buffer, fileName: string): LogEntry;
}

export function forger(shared: string, contributorId: string): Forger {
  const { privateKey } = generateKeyPairSync('ed25519');
  const write = (key: string, bytes: Buffer | string) => {
    const file = path.join(shared, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return file;
  };
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  return {
    contributorId,
    privateKey,
    join: () => void write(keyRecordKey(contributorId), keyRecordBytes(contributorId, privateKey)),
    writeSigned(seq, entries, { createdAt = new Date().toISOString(), signWith = privateKey, as = contributorId } = {}) {
      return write(segmentKey(as, seq), signedSegmentBytes({ contributorId: as, seq, createdAt, entries: entries as LogEntry[] }, signWith));
    },
    writeUnsigned(seq, entries, { createdAt = new Date().toISOString(), as = contributorId } = {}) {
      return write(segmentKey(as, seq), JSON.stringify({ format: syncFormat, formatVersion: 1, contributorId: as, seq, createdAt, entries }));
    },
    writeObject(bytes) {
      const sha = sha256(bytes);
      write(objectKey(sha), bytes);
      return sha;
    },
    addEntry(bytes, fileName) {
      const sha = sha256(bytes);
      return {
        op: 'add',
        sha256: sha,
        bytes: bytes.length,
        fileName,
        mediaType: 'image',
        takenAt: null,
        dhash: null,
        object: { sha256: sha, bytes: bytes.length, kind: 'original' },
      };
    },
  };
}
