import { protocol } from 'electron';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { mediaKinds, type MediaKind } from '../../shared/api';
import { mediaScheme } from '../../shared/bridge';
import type { EngineConnection } from '../engine-host/engine-host';
import { parseByteRange, rangeAnswer } from '../server/byte-range';

/** Must run before app 'ready': lets the renderer load facet-media:// images like any https image. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: mediaScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * facet-media://media/<kind>/<photoId>. The only files it can return are the ones the catalog
 * resolves for a photo id: no path ever comes from the URL. Answers Range requests like the web
 * mode's media route (server/byte-range.ts), so videos seek.
 */
export function handleMediaProtocol(engine: EngineConnection): void {
  protocol.handle(mediaScheme, async (request) => {
    const url = new URL(request.url);
    const match = /^\/([a-z]+)\/(\d+)$/.exec(url.pathname);
    if (url.host !== 'media' || !match || !mediaKinds.includes(match[1] as MediaKind)) {
      return new Response('bad media address', { status: 400 });
    }
    const media = await engine.resolveMedia(match[1] as MediaKind, Number(match[2]));
    const info = media && (await stat(media.path).catch(() => null));
    if (!media || !info?.isFile()) return new Response('no such media', { status: 404 });
    const range = parseByteRange(request.headers.get('range'), info.size);
    const { status, headers } = rangeAnswer(range, info.size);
    const body = range === 'unsatisfiable' ? null : (Readable.toWeb(createReadStream(media.path, range ?? {})) as ReadableStream<Uint8Array>);
    return new Response(body, { status, headers: { 'Content-Type': media.contentType, ...headers } });
  });
}
