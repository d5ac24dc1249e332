import { protocol } from 'electron';
import { mediaKinds, type MediaKind } from '../../shared/api';
import { mediaScheme } from '../../shared/bridge';
import type { EngineConnection } from '../engine-host/engine-host';
import { mediaBody } from '../api/media';
import { chunkedRead, mediaResponse } from './media-response';
import { errorMessage } from '../../shared/error-message';

/** Must run before app 'ready': lets the renderer load facet-media:// images like any https image. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: mediaScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

/**
 * facet-media://media/<kind>/<photoId>. The only files it can return are the ones the catalog
 * resolves for a photo id: no path ever comes from the URL. Answers Range requests like the web
 * mode's media route (server/byte-range.ts), so videos seek; an S3 original's bytes come from the
 * engine's process, which holds the source's client.
 */
export function handleMediaProtocol(engine: EngineConnection): void {
  protocol.handle(mediaScheme, async (request) => {
    const url = new URL(request.url);
    const match = /^\/([a-z]+)\/(\d+)$/.exec(url.pathname);
    if (url.host !== 'media' || !match || !mediaKinds.includes(match[1] as MediaKind)) {
      return new Response('bad media address', { status: 400 });
    }
    const [kind, subjectId] = [match[1] as MediaKind, Number(match[2])];
    const media = await engine.resolveMedia(kind, subjectId);
    const body = media && (await mediaBody(media, (range) => chunkedRead(range, (chunk) => engine.readMedia(kind, subjectId, chunk))));
    if (!media || !body) return new Response('no such media', { status: 404 });
    try {
      return await mediaResponse(body, media.contentType, request.headers.get('range'));
    } catch (error) {
      // As the web mode answers it: an S3 source that cannot be reached is not a missing file.
      return new Response(`cannot read this original now: ${errorMessage(error)}`, { status: 503 });
    }
  });
}
