/**
 * HTTP byte ranges (RFC 9110 §14) for media: a <video> element seeks by asking for the bytes at
 * the time it wants, and plays nothing seekable from a server that ignores Range. One range per
 * request; a multi-range request is answered with the whole file, which the RFC allows.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Inclusive byte offsets, as Content-Range writes them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What to send for a Range header: null for the whole file (no header, or one this server does
 * not serve in parts), 'unsatisfiable' for a range wholly past the end (416), else the range,
 * its end clipped to the file.
 */
export function parseByteRange(header: string | undefined | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    // "bytes=-N": the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Status and headers (besides Content-Type and caching) of the answer to a parsed Range. */
export function rangeAnswer(range: ByteRange | 'unsatisfiable' | null, size: number): { status: 200 | 206 | 416; headers: Record<string, string> } {
  const always = { 'Accept-Ranges': 'bytes' };
  if (range === null) return { status: 200, headers: { ...always, 'Content-Length': String(size) } };
  if (range === 'unsatisfiable') return { status: 416, headers: { ...always, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } };
  return {
    status: 206,
    headers: { ...always, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) },
  };
}

/** Something served in byte ranges: a file here, or an S3 original read through the engine. */
export interface RangedBody {
  size: number;
  /** The bytes of the range (inclusive offsets), as a stream the caller consumes or destroys. */
  open(range: ByteRange): Promise<Readable>;
}

/** A regular file as a RangedBody; null when there is no such file. */
export async function fileBody(filePath: string): Promise<RangedBody | null> {
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) return null;
  return { size: info.size, open: async (range) => createReadStream(filePath, range) };
}

/** The range to read for an answer: the asked range, or the whole body (null for an empty body or a 416). */
export function rangeToRead(range: ByteRange | 'unsatisfiable' | null, size: number): ByteRange | null {
  if (range === 'unsatisfiable') return null;
  if (range !== null) return range;
  return size === 0 ? null : { start: 0, end: size - 1 };
}
