import { describe, expect, it } from 'vitest';
import { addTag, parseSegment, segmentKey, type AddEntry, type LogSegment } from '../../src/main/sync/log-format';
import { collapseDuplicates, mergeSegments } from '../../src/main/sync/merge';

const ann = '11111111-1111-4111-8111-111111111111';
const ben = '22222222-2222-4222-8222-222222222222';
const sha = (n: number) => n.toString(16).padStart(64, '0');

function add(n: number, extra: Partial<AddEntry> = {}): AddEntry {
  return {
    op: 'add',
    sha256: sha(n),
    bytes: 1000 + n,
    fileName: `p${n}.jpg`,
    mediaType: 'image',
    takenAt: '2024-05-01T10:00:00',
    dhash: n.toString(16).padStart(16, '0').replace(/^0/, 'f'),
    object: { sha256: sha(n), bytes: 1000 + n, kind: 'original' },
    ...extra,
  };
}

function segment(contributorId: string, seq: number, entries: LogSegment['entries'], createdAt = '2024-05-01T10:00:00Z'): LogSegment {
  return { format: 'facet-sync', formatVersion: 1, contributorId, seq, createdAt, entries };
}

describe('merging log segments', () => {
  it('is the same whatever order the segments arrive in', () => {
    const segments = [
      segment(ann, 1, [add(1), add(2)]),
      segment(ben, 1, [add(2), add(3)]),
      segment(
        ann,
        2,
        [
          { op: 'remove', sha256: sha(1), tags: [addTag(ann, 1)] },
          { op: 'event', name: 'Later' },
        ],
        '2024-05-02T00:00:00Z',
      ),
      segment(ben, 2, [{ op: 'event', name: 'Earlier' }], '2024-05-01T12:00:00Z'),
    ];
    const forward = mergeSegments(segments);
    const backward = mergeSegments([...segments].reverse());
    expect([...forward.alive.keys()].sort()).toEqual([sha(2), sha(3)]);
    expect([...backward.alive.keys()].sort()).toEqual([...forward.alive.keys()].sort());
    expect(forward.eventName).toBe('Later');
    expect(backward.eventName).toBe('Later');
    expect(forward.known.has(sha(1))).toBe(true);
  });

  it('keeps a photo someone added concurrently with a removal, and one added again after it', () => {
    const concurrent = mergeSegments([
      segment(ann, 1, [add(5)]),
      segment(ben, 1, [add(5)]),
      // Ann saw only her own add when she removed it.
      segment(ann, 2, [{ op: 'remove', sha256: sha(5), tags: [addTag(ann, 1)] }]),
    ]);
    expect(concurrent.alive.get(sha(5))?.tags).toEqual([addTag(ben, 1)]);
    const readded = mergeSegments([
      segment(ann, 1, [add(6)]),
      segment(ben, 1, [{ op: 'remove', sha256: sha(6), tags: [addTag(ann, 1)] }]),
      segment(ann, 2, [add(6)]),
    ]);
    expect(readded.alive.has(sha(6))).toBe(true);
  });

  it('collapses near-duplicates to the original, then the largest', () => {
    const big = add(7, { dhash: 'f0f0f0f0f0f0f0f0', bytes: 9000, object: { sha256: sha(7), bytes: 9000, kind: 'original' } });
    const small = add(8, { dhash: 'f0f0f0f0f0f0f0f1', bytes: 3000, object: { sha256: sha(8), bytes: 3000, kind: 'original' } });
    const web = add(9, { dhash: 'f0f0f0f0f0f0f0f3', bytes: 20_000, object: { sha256: sha(99), bytes: 800, kind: 'web' } });
    const other = add(10, { dhash: '0f0f0f0f0f0f0f0f' });
    const state = mergeSegments([segment(ann, 1, [big, web, other]), segment(ben, 1, [small, other])]);
    const collapsed = collapseDuplicates(state.alive);
    expect([...collapsed.kept.keys()].sort()).toEqual([sha(7), sha(10)]);
    expect(collapsed.nearDuplicates).toBe(2);
    expect(collapsed.exactDuplicates).toBe(1);
  });
});

describe('reading a segment someone else wrote', () => {
  const key = segmentKey(ann, 3);
  const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('accepts a valid one and names the reason for each refusal', () => {
    const valid = segment(ann, 3, [add(1)]);
    expect(parseSegment(key, bytes(valid)).segment.entries).toHaveLength(1);
    const reasonOf = (k: string, value: unknown) => {
      try {
        parseSegment(k, Buffer.isBuffer(value) ? value : bytes(value));
        return 'accepted';
      } catch (error) {
        return (error as { reason: string }).reason;
      }
    };
    expect(reasonOf('logs/../../etc/passwd', valid)).toBe('unsafe-key');
    expect(reasonOf(key, { ...valid, entries: [add(1, { fileName: 'a/../../b.jpg' })] })).toBe('unsafe-path');
    expect(reasonOf(key, { ...valid, entries: [add(1, { fileName: '.hidden.jpg' })] })).toBe('unsafe-path');
    expect(reasonOf(key, { ...valid, entries: [add(1, { fileName: 'notes.txt' })] })).toBe('invalid');
    expect(reasonOf(key, { ...valid, formatVersion: 3 })).toBe('unsupported-version');
    // Version 2 is signed, version 1 is not: a signature cannot be added or left out.
    expect(reasonOf(key, { ...valid, formatVersion: 2 })).toBe('invalid');
    expect(reasonOf(key, { ...valid, signature: 'AAAA' })).toBe('invalid');
    expect(reasonOf(key, { ...valid, format: 'other' })).toBe('not-a-segment');
    expect(reasonOf(key, { ...valid, contributorId: ben })).toBe('wrong-writer');
    expect(reasonOf(key, { ...valid, extra: 1 })).toBe('invalid');
    expect(reasonOf(key, Buffer.from('{"format":'))).toBe('incomplete');
    // An original object must be the photo itself.
    expect(reasonOf(key, { ...valid, entries: [add(1, { object: { sha256: sha(2), bytes: 5, kind: 'original' } })] })).toBe('invalid');
    // Embeddings must hold exactly dim float32 values.
    const faces = { model: { name: 'm', version: '1', dim: 4 }, faces: [{ box: [1, 2, 3, 4], score: 0.9, embedding: Buffer.alloc(12).toString('base64') }] };
    expect(reasonOf(key, { ...valid, entries: [add(1, { faces } as Partial<AddEntry>)] })).toBe('invalid');
  });
});
