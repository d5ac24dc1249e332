/** This library's segments on a real folder: split at the entry limit, past keys already taken, and read back as signed. */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderLocation } from '../../src/main/sync/folder-location';
import { defaultSyncLimits, maxSegmentEntries, segmentKey, type LogEntry } from '../../src/main/sync/log-format';
import { readLog } from '../../src/main/sync/log-reader';
import { writeSegments } from '../../src/main/sync/segment-writer';
import { publicKeyText } from '../../src/main/sync/signing';
import { LinkTrust } from '../../src/main/sync/trust';
import { makeTempDir } from '../library/helpers/temp';

const me = '11111111-1111-4111-8111-111111111111';

describe('writing segments', () => {
  const temp = makeTempDir('sync-segments');
  afterAll(() => temp.cleanup());

  it('splits a push of more entries than a segment holds, moves past a taken key, and others accept every segment', async () => {
    const location = await FolderLocation.open(temp.dir, me);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    // Another process of this library took seq 1 (and was killed while writing it).
    fs.mkdirSync(path.join(temp.dir, 'logs', me), { recursive: true });
    fs.writeFileSync(path.join(temp.dir, ...segmentKey(me, 1).split('/')), '{"format":');
    const entries: LogEntry[] = Array.from({ length: maxSegmentEntries + 1 }, (_, i) => ({
      op: 'remove',
      sha256: i.toString(16).padStart(64, '0'),
      tags: [`${me}/1`],
    }));

    const written = await writeSegments(location, me, privateKey, 1, entries);
    expect(written.map((s) => [s.seq, s.entries.length])).toEqual([
      [2, maxSegmentEntries],
      [3, 1],
    ]);

    const trust = new LinkTrust({ pinned: new Map([[me, publicKeyText(publicKey)]]), unsigned: new Map() });
    const read = await readLog(location, defaultSyncLimits, trust);
    expect(read.segments.map((s) => s.seq).sort()).toEqual([2, 3]);
    expect(read.refusals.map((r) => [r.key, r.reason])).toEqual([[segmentKey(me, 1), 'incomplete']]);
  });
});
