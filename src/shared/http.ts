/**
 * Routes of the local web mode. The server binds 127.0.0.1 only and checks a random secret, new
 * at each launch unless the user asked to remember it (`facet serve --remember`: kept 0600 in the
 * library folder): the launch URL carries it once (?token=...), the server answers with an
 * HttpOnly, SameSite=Strict cookie and a redirect, and every later request must carry that cookie.
 */
export const httpRoutes = {
  /** POST, JSON body = method input; answers BridgeResult JSON. */
  call: (method: string) => `/api/call/${encodeURIComponent(method)}`,
  /** GET, text/event-stream of FacetEvent JSON objects. */
  events: '/api/events',
  /** GET media/<kind>/<photoId>, resolved through the catalog only. */
  media: (kind: string, photoId: number) => `/media/${kind}/${photoId}`,
} as const;

export const sessionCookieName = 'facet_session';
