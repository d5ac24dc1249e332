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
 * viewer stops the reading. The first chunk is read before answering, so a bucket that cannot be
 * reached fails the request (503) instead of breaking off a 206.
 */
export async function chunkedRead(range: ByteRange, readChunk: (chunk: ByteRange) => Promise<Uint8Array | null>): Promise<Readable> {
  const read = async (start: number) => {
    const end = Math.min(range.end, start + engineChunkBytes - 1);
    const bytes = await readChunk({ start, end });
    if (bytes === null || bytes.length !== end - start + 1) throw new Error(`the engine could not read bytes ${start}-${end}`);
    return bytes;
  };
  const first = await read(range.start);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield first;
    for (let start = range.start + engineChunkBytes; start <= range.end; start += engineChunkBytes) yield await read(start);
  }
  return Readable.from(chunks(), { objectMode: false });
}
