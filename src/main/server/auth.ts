import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sessionCookieName } from '../../shared/http';

/** A random per-launch secret: shown once in the launch URL, then carried as an HttpOnly cookie. */
export function createLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameSecret(candidate: string | undefined | null, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function hasSessionCookie(req: IncomingMessage, token: string): boolean {
  return sameSecret(cookieValue(req, sessionCookieName), token);
}

export function hasLaunchToken(url: URL, token: string): boolean {
  return sameSecret(url.searchParams.get('token'), token);
}

/** Did the request bring a secret at all (a link or a cookie), only not this launch's? */
export function hasStaleCredential(req: IncomingMessage, url: URL): boolean {
  return url.searchParams.has('token') || cookieValue(req, sessionCookieName) !== undefined;
}

/**
 * A remembered session (`facet serve --remember`) outlives the browser too, so a bookmark opens
 * the app after both restart; a per-launch one ends with the browser session.
 */
export function sessionCookieHeader(token: string, options: { persistent?: boolean } = {}): string {
  // 400 days: the longest lifetime browsers grant a cookie.
  const lifetime = options.persistent ? '; Max-Age=34560000' : '';
  return `${sessionCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/${lifetime}`;
}

/**
 * DNS-rebinding and cross-site guard: the Host must be our own loopback address, and a request
 * that carries an Origin (every cross-site fetch does) must come from that same origin.
 */
export function isSameOriginRequest(req: IncomingMessage, ownHost: string): boolean {
  if (req.headers.host !== ownHost) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${ownHost}`;
}
