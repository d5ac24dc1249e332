import { LocationTooLargeError, type SharedLocation } from './location';
import {
  keysPrefix,
  logsPrefix,
  parseKeyRecordKey,
  parseSegment,
  parseSegmentKey,
  SyncRefusedError,
  type LogSegment,
  type ParsedSegment,
  type SyncLimits,
} from './log-format';
import { maxKeyRecordBytes, type LinkTrust } from './trust';
import { errorMessage } from '../../shared/error-message';
import { Semaphore } from '../concurrency/semaphore';

export interface LogRead {
  segments: LogSegment[];
  /** Keys not accepted, each with its reason; the rest of the log is used regardless. */
  refusals: SyncRefusedError[];
  /** Highest sequence number listed per writer, accepted or not: a writer never reuses a key. */
  lastSeq: Map<string, number>;
}

const parallelReads = 8;

/**
 * Reads the contributors' keys, then every log segment of the location: a segment is used when
 * it is well formed (log-format.ts) and the link's trust accepts it (trust.ts).
 */
export async function readLog(location: SharedLocation, limits: SyncLimits, trust: LinkTrust): Promise<LogRead> {
  const refusals: SyncRefusedError[] = [];
  const keyRecords: { key: string; contributorId: string }[] = [];
  for (const key of await location.list(keysPrefix)) {
    const contributorId = parseKeyRecordKey(key);
    if (contributorId === null) refusals.push(new SyncRefusedError(key, 'unsafe-key', 'not a key record name (keys/<contributor id>.json)'));
    else keyRecords.push({ key, contributorId });
  }
  await inParallel(keyRecords, async ({ key, contributorId }) => {
    try {
      trust.takeKeyRecord(key, contributorId, await location.read(key, maxKeyRecordBytes));
    } catch (error) {
      refusals.push(asRefusal(key, error));
    }
  });

  const lastSeq = new Map<string, number>();
  const named: string[] = [];
  for (const key of await location.list(logsPrefix)) {
    const name = parseSegmentKey(key);
    if (name === null) {
      refusals.push(new SyncRefusedError(key, 'unsafe-key', 'not a log segment name (logs/<contributor id>/<10-digit seq>.json)'));
      continue;
    }
    lastSeq.set(name.contributorId, Math.max(lastSeq.get(name.contributorId) ?? 0, name.seq));
    if (named.length >= limits.maxSegments) {
      refusals.push(new SyncRefusedError(key, 'too-large', `the log has more than ${limits.maxSegments} segments`));
      continue;
    }
    named.push(key);
  }
  const parsed: { key: string; segment: ParsedSegment }[] = [];
  await inParallel(named, async (key) => {
    try {
      parsed.push({ key, segment: parseSegment(key, await location.read(key, limits.maxSegmentBytes)) });
    } catch (error) {
      refusals.push(asRefusal(key, error));
    }
  });
  // Judged once all are read: whether an unsigned segment can be its writer's depends on where the writer's signed ones begin.
  const firstSigned = new Map<string, number>();
  for (const { segment } of parsed) {
    const { contributorId, seq } = segment.segment;
    if (segment.signedContent !== null) firstSigned.set(contributorId, Math.min(firstSigned.get(contributorId) ?? seq, seq));
  }
  const segments: LogSegment[] = [];
  for (const { key, segment } of parsed) {
    try {
      trust.judge(key, segment, firstSigned.get(segment.segment.contributorId) ?? null);
      segments.push(segment.segment);
    } catch (error) {
      refusals.push(asRefusal(key, error));
    }
  }
  refusals.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { segments, refusals, lastSeq };
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const reads = new Semaphore(parallelReads);
  await Promise.all(items.map((item) => reads.use(() => work(item))));
}

export function asRefusal(key: string, error: unknown): SyncRefusedError {
  if (error instanceof SyncRefusedError) return error;
  if (error instanceof LocationTooLargeError) return new SyncRefusedError(key, 'too-large', error.message);
  return new SyncRefusedError(key, 'unreadable', errorMessage(error));
}
