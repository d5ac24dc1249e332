import { LocationTooLargeError, type SharedLocation } from './location';
import { logsPrefix, parseSegment, parseSegmentKey, SyncRefusedError, type LogSegment, type SyncLimits } from './log-format';

export interface LogRead {
  segments: LogSegment[];
  /** Keys not accepted, each with its reason; the rest of the log is used regardless. */
  refusals: SyncRefusedError[];
  /** Highest sequence number listed per writer, accepted or not: a writer never reuses a key. */
  lastSeq: Map<string, number>;
}

const parallelReads = 8;

/** Reads and validates every log segment of the location. */
export async function readLog(location: SharedLocation, limits: SyncLimits): Promise<LogRead> {
  const keys = await location.list(logsPrefix);
  const refusals: SyncRefusedError[] = [];
  const lastSeq = new Map<string, number>();
  const named: string[] = [];
  for (const key of keys) {
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
  const segments: LogSegment[] = [];
  let next = 0;
  const worker = async () => {
    while (next < named.length) {
      const key = named[next++]!;
      try {
        segments.push(parseSegment(key, await location.read(key, limits.maxSegmentBytes)));
      } catch (error) {
        refusals.push(asRefusal(key, error));
      }
    }
  };
  await Promise.all(Array.from({ length: parallelReads }, worker));
  refusals.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { segments, refusals, lastSeq };
}

export function asRefusal(key: string, error: unknown): SyncRefusedError {
  if (error instanceof SyncRefusedError) return error;
  if (error instanceof LocationTooLargeError) return new SyncRefusedError(key, 'too-large', error.message);
  return new SyncRefusedError(key, 'unreadable', error instanceof Error ? error.message : String(error));
}
