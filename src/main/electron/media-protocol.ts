import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { mediaKinds, type MediaKind } from '../../shared/api';
import { mediaScheme } from '../../shared/bridge';
import type { EngineConnection } from '../engine-host/engine-host';

/** Must run before app 'ready': lets the renderer load facet-media:// images like any https image. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: mediaScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * facet-media://media/<kind>/<photoId>. The only files it can return are the ones the catalog
 * resolves for a photo id: no path ever comes from the URL.
 */
export function handleMediaProtocol(engine: EngineConnection): void {
  protocol.handle(mediaScheme, async (request) => {
    const url = new URL(request.url);
    const match = /^\/([a-z]+)\/(\d+)$/.exec(url.pathname);
    if (url.host !== 'media' || !match || !mediaKinds.includes(match[1] as MediaKind)) {
      return new Response('bad media address', { status: 400 });
    }
    const media = await engine.resolveMedia(match[1] as MediaKind, Number(match[2]));
    if (!media) return new Response('no such media', { status: 404 });
    const file = await net.fetch(pathToFileURL(media.path).toString());
    return new Response(file.body, { status: file.status, headers: { 'Content-Type': media.contentType } });
  });
}
