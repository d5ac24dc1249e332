/**
 * HTTP byte ranges (RFC 9110 §14) for media: a <video> element seeks by asking for the bytes at
 * the time it wants, and plays nothing seekable from a server that ignores Range. One range per
 * request; a multi-range request is answered with the whole file, which the RFC allows.
 */

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
