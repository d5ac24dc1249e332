import { request } from 'node:http';
import type { BridgeResult } from '../../src/shared/bridge';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request to a web-mode origin over real HTTP, nothing added but what the test passes. */
export function raw(origin: string, urlPath: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a pooled one may belong to a server the test just closed.
    const req = request({ hostname, port, path: urlPath, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An API call as the web renderer makes it: POST JSON with the session cookie. */
export async function callApi(origin: string, cookie: string, method: string, input: unknown): Promise<{ status: number; result: BridgeResult }> {
  const response = await raw(origin, `/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  return { status: response.status, result: JSON.parse(response.body.toString()) as BridgeResult };
}

/** Opens a launch URL like a browser and keeps the cookie the redirect sets ('name=value'). */
export async function signIn(launchUrl: string): Promise<{ cookie: string; setCookie: string }> {
  const url = new URL(launchUrl);
  const response = await raw(url.origin, url.pathname + url.search);
  if (response.status !== 303) throw new Error(`launch URL answered ${response.status}`);
  const setCookie = String(response.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

/** Accept header of a browser opening a page (a bookmark, a typed address). */
export const pageHeaders = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
