/** This library's log segments: signed, complete before they have their name, never rewritten. */
import type { KeyObject } from 'node:crypto';
import { ApiError } from '../../shared/api';
import type { SharedLocation } from './location';
import { maxSegmentEntries, parseSegment, segmentKey, type LogEntry, type LogSegment } from './log-format';
import { signedSegmentBytes } from './signing';

const segmentWriteAttempts = 5;

/** Signed segments of at most maxSegmentEntries entries each, written last and only once complete. */
export async function writeSegments(location: SharedLocation, me: string, signingKey: KeyObject, firstSeq: number, entries: LogEntry[]): Promise<LogSegment[]> {
  const written: LogSegment[] = [];
  for (let start = 0; start < entries.length; start += maxSegmentEntries) {
    const seq = (written.at(-1)?.seq ?? firstSeq - 1) + 1;
    written.push(await writeSegment(location, me, signingKey, seq, entries.slice(start, start + maxSegmentEntries)));
  }
  return written;
}

/** A key taken already (a second process of this library) moves on to the next. */
async function writeSegment(location: SharedLocation, me: string, signingKey: KeyObject, firstSeq: number, entries: LogEntry[]): Promise<LogSegment> {
  for (let seq = firstSeq; seq < firstSeq + segmentWriteAttempts; seq++) {
    const key = segmentKey(me, seq);
    const bytes = signedSegmentBytes({ contributorId: me, seq, createdAt: new Date().toISOString(), entries }, signingKey);
    // Read back as any reader will: what this library writes must never be refused by the others.
    const { segment } = parseSegment(key, bytes);
    if ((await location.writeNew(key, bytes)) === 'written') return segment;
  }
  throw new ApiError('conflict', `another process of this library is writing to ${location.label}; sync again`);
}
