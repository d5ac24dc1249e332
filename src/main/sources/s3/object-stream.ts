/**
 * A streamed object body that survives dropped connections: when the body fails midway it asks for
 * the rest with a Range request (same ETag) and carries on, so a large original is never fully
 * buffered and never restarted from byte 0.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { S3SourceError } from './errors';
import type { S3ObjectInfo } from './listing';
import type { RetryBudget } from './retry';

/** One GetObject response: the body holds the object's bytes from `start` on. */
export interface ObjectPart {
  body: Readable;
  info: S3ObjectInfo;
  start: number;
}

export type S3ObjectStream = Readable & { readonly info: S3ObjectInfo };

export interface ResumableStreamOptions {
  first: ObjectPart;
  /** Fetches the object from `offset` on; it spends the same budget as the body retries. */
  resume: (offset: number) => Promise<ObjectPart>;
  budget: RetryBudget;
  onRetry: (error: unknown, delayMs: number) => void;
  /** Turns the last body error into the error the stream emits. */
  fail: (error: unknown) => S3SourceError;
  /** Runs once when the stream ends, fails or is destroyed (releases the concurrency permit). */
  onClose: () => void;
}

export function resumableObjectStream(options: ResumableStreamOptions): S3ObjectStream {
  const { first, budget } = options;
  let current = first;

  async function* chunks(): AsyncGenerator<Buffer> {
    let offset = 0;
    for (;;) {
      try {
        for await (const chunk of current.body as AsyncIterable<Buffer>) {
          offset += chunk.length;
          yield chunk;
        }
        if (offset === first.info.size) return;
        throw Object.assign(new Error(`body ended after ${offset} of ${first.info.size} bytes`), {
          code: 'ERR_STREAM_PREMATURE_CLOSE',
        });
      } catch (error) {
        if (error instanceof S3SourceError) throw error;
        const delay = budget.nextDelay();
        if (delay === null) throw options.fail(error);
        options.onRetry(error, delay);
        current.body.destroy();
        await sleep(delay);
        current = await options.resume(offset);
        assertContinues(current, first, offset);
      }
    }
  }

  const stream = Readable.from(chunks(), { objectMode: false }) as S3ObjectStream;
  Object.defineProperty(stream, 'info', { value: first.info, enumerable: true });
  // 'close' also fires for a stream destroyed before its first read, when the generator never ran.
  stream.once('close', () => {
    current.body.destroy();
    options.onClose();
  });
  return stream;
}

function assertContinues(part: ObjectPart, first: ObjectPart, offset: number): void {
  if (part.info.etag !== first.info.etag || part.info.size !== first.info.size) {
    part.body.destroy();
    throw new S3SourceError(`${first.info.key} changed while it was being read`, 'ObjectChanged', null, 'permanent');
  }
  if (part.start !== offset) {
    part.body.destroy();
    throw new S3SourceError(
      `${first.info.key}: the server answered a request for bytes ${offset}- with bytes ${part.start}-`,
      'RangeIgnored',
      null,
      'permanent',
    );
  }
}
