import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { parseByteRange, rangeAnswer } from './byte-range';

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
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) return false;
  const range = parseByteRange(rangeHeader, info.size);
  const answer = rangeAnswer(range, info.size);
  res.writeHead(answer.status, { 'Content-Type': contentType, 'Cache-Control': cacheControl, ...answer.headers });
  if (range === 'unsatisfiable') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(filePath, range ?? {});
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return true;
}
