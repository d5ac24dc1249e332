import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseByteRange, rangeAnswer } from '../server/byte-range';

/**
 * The media protocol's answer for a file the catalog resolved: whole, or the byte range the
 * request asks for (206; 416 past its end), as the web mode's media route answers it. Null when
 * the file is gone. Free of Electron, so tests run it under plain Node.
 */
export async function mediaFileResponse(filePath: string, contentType: string, rangeHeader: string | null): Promise<Response | null> {
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) return null;
  const range = parseByteRange(rangeHeader, info.size);
  const { status, headers } = rangeAnswer(range, info.size);
  const body = range === 'unsatisfiable' ? null : (Readable.toWeb(createReadStream(filePath, range ?? {})) as ReadableStream<Uint8Array>);
  return new Response(body, { status, headers: { 'Content-Type': contentType, ...headers } });
}
