import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { mediaKinds, type MediaKind } from '../../shared/api';
import { httpRoutes } from '../../shared/http';
import type { FacetEngine } from '../api/engine';
import { dispatchApiCall } from '../api/dispatch';
import { createLaunchToken, hasLaunchToken, hasSessionCookie, hasStaleCredential, isSameOriginRequest, sessionCookieHeader } from './auth';
import { signInPage } from './sign-in-page';
import { confinedPath, contentTypeFor, sendFile, sendRanged } from './static-files';
import { mediaBody } from '../api/media';
import { errorMessage } from '../../shared/error-message';
import { log } from '../log';

export interface WebServerOptions {
  engine: FacetEngine;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 picks a free port. The host is always 127.0.0.1: the web mode is never reachable from the network. */
  port?: number;
  /** A remembered secret (`facet serve --remember`) or a fixed one for tests; a random one per launch otherwise. */
  token?: string;
  /** The token outlives this launch, so the session cookie may outlive the browser session. */
  remembered?: boolean;
}

export interface WebServer {
  /** The launch URL, token included: the only way in. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

// Large enough for a few selfies sent as base64 (searchBySelfie), small enough to refuse abuse.
const maxBodyBytes = 32 << 20;
const loopback = '127.0.0.1';

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** A person opening a page (a bookmark, a typed address), as opposed to the app's own requests. */
function wantsPage(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers['sec-fetch-dest'] === 'document' || (req.headers.accept ?? '').includes('text/html'));
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error(`request body over ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function streamEvents(engine: FacetEngine, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = engine.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  // Comments keep idle proxies and the browser from timing the stream out.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

async function serveMedia(engine: FacetEngine, req: IncomingMessage, res: ServerResponse, kind: string, idText: string): Promise<void> {
  const photoId = Number(idText);
  if (!mediaKinds.includes(kind as MediaKind) || !Number.isSafeInteger(photoId) || photoId <= 0) {
    return sendText(res, 400, 'bad media address');
  }
  const media = engine.resolveMedia(kind as MediaKind, photoId);
  const body = media && (await mediaBody(media, (range) => engine.readMedia(kind as MediaKind, photoId, range)));
  if (!media || !body) return sendText(res, 404, 'no such media');
  const immutable = kind === 'original' ? 'private, no-cache' : 'private, max-age=31536000, immutable';
  try {
    await sendRanged(res, body, media.contentType, immutable, req.headers.range);
  } catch (error) {
    // An S3 source that cannot be reached (or whose object changed) is not a server fault.
    if (res.headersSent) return void res.destroy();
    sendText(res, 503, `cannot read this original now: ${errorMessage(error)}`);
  }
}

async function serveApp(staticDir: string, res: ServerResponse, urlPath: string): Promise<void> {
  const requested = urlPath === '/' ? '/index.html' : urlPath;
  const filePath = confinedPath(staticDir, requested);
  const cache = requested === '/index.html' ? 'no-store' : 'private, max-age=3600';
  if (!filePath || !(await sendFile(res, filePath, contentTypeFor(filePath), cache, undefined))) {
    sendText(res, 404, 'not found');
  }
}

/** The local web mode: the same renderer build and the same API contract, on loopback only. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { engine } = options;
  const staticDir = path.resolve(options.staticDir);
  const token = options.token ?? createLaunchToken();
  let ownHost = '';

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      log.error(`answering ${req.method ?? '?'} ${req.url?.split('?')[0] ?? '?'} failed`, error);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${ownHost}`);
    if (!isSameOriginRequest(req, ownHost)) return sendText(res, 403, 'forbidden: foreign host or origin');

    if (req.method === 'GET' && hasLaunchToken(url, token)) {
      const cookie = sessionCookieHeader(token, { persistent: options.remembered === true });
      res.writeHead(303, { 'Set-Cookie': cookie, Location: '/', 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (!hasSessionCookie(req, token)) {
      if (wantsPage(req)) {
        // Still a 401 (nothing of the app is served), but one a person can act on.
        res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return void res.end(signInPage({ stale: hasStaleCredential(req, url), remembered: options.remembered === true }));
      }
      return sendText(res, 401, "Open the address that `facet serve` printed (it carries this launch's token).");
    }

    const callPrefix = httpRoutes.call('');
    if (url.pathname.startsWith(callPrefix)) {
      if (req.method !== 'POST') return sendText(res, 405, 'use POST');
      if (!req.headers['content-type']?.startsWith('application/json')) {
        return sendText(res, 415, 'send application/json');
      }
      let input: unknown;
      try {
        input = await readJsonBody(req);
      } catch (error) {
        const message = errorMessage(error);
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message } });
      }
      const method = decodeURIComponent(url.pathname.slice(callPrefix.length));
      const result = await dispatchApiCall(engine.api, method, input);
      const status = result.ok ? 200 : statusForError(result.error.code);
      return sendJson(res, status, result);
    }
    if (req.method !== 'GET') return sendText(res, 405, 'method not allowed');
    if (url.pathname === httpRoutes.events) return streamEvents(engine, req, res);
    const media = /^\/media\/([a-z]+)\/(\d+)$/.exec(url.pathname);
    if (media) return serveMedia(engine, req, res, media[1]!, media[2]!);
    return serveApp(staticDir, res, url.pathname);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopback, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ownHost = `${loopback}:${port}`;
  const origin = `http://${ownHost}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function statusForError(code: string): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'unavailable':
      return 503;
    default:
      return 500;
  }
}
