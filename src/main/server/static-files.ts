import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { fileBody, parseByteRange, rangeAnswer, rangeToRead, type RangedBody } from './byte-range';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

export function contentTypeFor(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a URL path inside root, or null when it would escape it (../, encoded or not). */
export function confinedPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const resolved = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  const rootWithSep = root.endsWith(path.sep) ? root : root + path.sep;
  return resolved === root || resolved.startsWith(rootWithSep) ? resolved : null;
}

/**
 * Streams a regular file, or the part of it the request's Range header asks for (206; 416 past
 * its end); answers false when there is no such file so the caller can 404.
 */
export async function sendFile(
  res: ServerResponse,
  filePath: string,
  contentType: string,
  cacheControl: string,
  rangeHeader: string | undefined,
): Promise<boolean> {
  const body = await fileBody(filePath);
  if (body === null) return false;
  await sendRanged(res, body, contentType, cacheControl, rangeHeader);
  return true;
}

/** Sends a body whole, or the range the request's Range header asks for (206; 416 past its end). */
export async function sendRanged(
  res: ServerResponse,
  body: RangedBody,
  contentType: string,
  cacheControl: string,
  rangeHeader: string | undefined,
): Promise<void> {
  const range = parseByteRange(rangeHeader, body.size);
  const answer = rangeAnswer(range, body.size);
  const toRead = rangeToRead(range, body.size);
  // Opened before the head is written: a body that cannot be read (an S3 source gone) fails the request.
  const stream = toRead && (await body.open(toRead));
  res.writeHead(answer.status, { 'Content-Type': contentType, 'Cache-Control': cacheControl, ...answer.headers });
  if (stream === null) {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    // A player that seeks drops the connection mid-body: stop reading what nobody wants.
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
}
