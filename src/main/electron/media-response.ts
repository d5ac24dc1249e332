import { Readable } from 'node:stream';
import { parseByteRange, rangeAnswer, rangeToRead, type ByteRange, type RangedBody } from '../server/byte-range';

/**
 * The media protocol's answer: the whole body, or the byte range the request asks for (206; 416
 * past its end), as the web mode's media route answers it. Free of Electron, so tests run it
 * under plain Node.
 */
export async function mediaResponse(body: RangedBody, contentType: string, rangeHeader: string | null): Promise<Response> {
  const range = parseByteRange(rangeHeader, body.size);
  const { status, headers } = rangeAnswer(range, body.size);
  const toRead = rangeToRead(range, body.size);
  const stream = toRead && (Readable.toWeb(await body.open(toRead)) as ReadableStream<Uint8Array>);
  return new Response(stream, { status, headers: { 'Content-Type': contentType, ...headers } });
}

/** Bytes per request to the engine's process: a seek stops the stream after at most this much. */
export const engineChunkBytes = 1024 * 1024;

/**
 * A range read from the engine's process chunk by chunk (the channel carries messages, not
 * streams): the next chunk is asked for only when the player reads on, so a seek or a closed
 * viewer stops the reading.
 */
export function chunkedRead(range: ByteRange, readChunk: (chunk: ByteRange) => Promise<Uint8Array | null>): Readable {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let start = range.start; start <= range.end; start += engineChunkBytes) {
      const end = Math.min(range.end, start + engineChunkBytes - 1);
      const bytes = await readChunk({ start, end });
      if (bytes === null || bytes.length !== end - start + 1) throw new Error(`the engine could not read bytes ${start}-${end}`);
      yield bytes;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
