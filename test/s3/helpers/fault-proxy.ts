/**
 * Loopback HTTP proxy in front of an S3 server that injects faults on a seeded schedule: 500
 * InternalError, 503 SlowDown, 429, delays (longer than the client's idle timeout), connections
 * dropped before the response and connections dropped midway through the body. It counts what it
 * injected, the requests by method and URL, the body bytes it forwarded and the most requests in flight.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../fixtures/seeded-random';

export const faultKinds = ['error500', 'slowDown503', 'throttle429', 'delay', 'dropBeforeResponse', 'dropMidBody'] as const;
export type FaultKind = (typeof faultKinds)[number];
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface ProxiedRequest {
  method: string;
  url: string;
  /** The Range header, present when a client resumes a body. */
  range: string | null;
  fault: FaultKind | null;
}

export interface FaultProxyOptions {
  target: { host: string; port: number };
  seed?: number;
  /** Probability per request of each fault; the rest pass through. */
  rates?: FaultRates;
  delayMs?: number;
  /** After this many faults on one URL, requests to it pass untouched, so every request can succeed eventually. */
  maxFaultsPerUrl?: number;
}

export interface FaultProxy {
  endpoint: string;
  injected: Record<FaultKind, number>;
  requests: ProxiedRequest[];
  bytesForwarded: number;
  maxInFlight: number;
  setRates(rates: FaultRates): void;
  close(): Promise<void>;
}

const errorReplies = {
  error500: { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  slowDown503: { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
  throttle429: { status: 429, code: 'TooManyRequests', message: 'Too many requests.' },
} as const;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed ?? 1);
  const delayMs = options.delayMs ?? 1000;
  const maxFaultsPerUrl = options.maxFaultsPerUrl ?? Number.POSITIVE_INFINITY;
  const faultsByUrl = new Map<string, number>();
  let rates: FaultRates = options.rates ?? {};
  let inFlight = 0;

  const proxy: FaultProxy = {
    endpoint: '',
    injected: Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    requests: [],
    bytesForwarded: 0,
    maxInFlight: 0,
    setRates(next) {
      rates = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function pickFault(url: string): FaultKind | null {
    const draw = random(); // drawn for every request so the schedule does not shift with the cap
    if ((faultsByUrl.get(url) ?? 0) >= maxFaultsPerUrl) return null;
    let threshold = 0;
    for (const kind of faultKinds) {
      threshold += rates[kind] ?? 0;
      if (draw < threshold) {
        faultsByUrl.set(url, (faultsByUrl.get(url) ?? 0) + 1);
        return kind;
      }
    }
    return null;
  }

  function inject(kind: FaultKind): void {
    proxy.injected[kind] += 1;
  }

  function drop(req: IncomingMessage): void {
    inject('dropBeforeResponse');
    req.socket.destroy();
  }

  function replyError(req: IncomingMessage, res: ServerResponse, kind: keyof typeof errorReplies): void {
    inject(kind);
    const { status, code, message } = errorReplies[kind];
    const body =
      req.method === 'HEAD'
        ? ''
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;
    req.resume();
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'fault-proxy' });
    res.end(body);
  }

  function forward(req: IncomingMessage, res: ServerResponse, dropMidBody: boolean): void {
    const upstream = httpRequest(
      { host: options.target.host, port: options.target.port, method: req.method, path: req.url, headers: req.headers },
      (response) => {
        const length = Number(response.headers['content-length'] ?? 0);
        if (dropMidBody && (req.method === 'HEAD' || length < 2)) {
          response.destroy();
          return drop(req);
        }
        res.writeHead(response.statusCode ?? 502, response.headers);
        if (!dropMidBody) {
          response.on('data', (chunk: Buffer) => (proxy.bytesForwarded += chunk.length));
          response.pipe(res);
          return;
        }
        inject('dropMidBody');
        const cutAt = Math.floor(length / 2);
        let sent = 0;
        response.on('data', (chunk: Buffer) => {
          if (sent >= cutAt) return;
          const part = chunk.subarray(0, cutAt - sent);
          sent += part.length;
          proxy.bytesForwarded += part.length;
          res.write(part, () => {
            if (sent >= cutAt) req.socket.destroy();
          });
          if (sent >= cutAt) response.destroy();
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const fault = pickFault(url);
    proxy.requests.push({ method: req.method ?? '?', url, range: req.headers.range ?? null, fault });
    inFlight += 1;
    proxy.maxInFlight = Math.max(proxy.maxInFlight, inFlight);
    res.once('close', () => (inFlight -= 1));
    switch (fault) {
      case 'error500':
      case 'slowDown503':
      case 'throttle429':
        return replyError(req, res, fault);
      case 'dropBeforeResponse':
        return drop(req);
      case 'delay':
        inject('delay');
        setTimeout(() => {
          if (!req.socket.destroyed) forward(req, res, false);
        }, delayMs);
        return;
      default:
        return forward(req, res, fault === 'dropMidBody');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
