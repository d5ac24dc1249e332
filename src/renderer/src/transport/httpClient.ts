import type { ApiInput, ApiMethod, ApiOutput, FacetClient, FacetEvent } from '../../../shared/api';
import { httpRoutes } from '../../../shared/http';
import { unwrapBridgeResult } from './bridgeResult';
import { ClientError } from './ClientError';

/**
 * Web-mode transport. The server already set the session cookie when it redirected away from
 * the ?token= launch URL, so every request is plain same-origin.
 */
export function createHttpClient(): FacetClient {
  const listeners = new Set<(event: FacetEvent) => void>();
  let source: EventSource | null = null;

  // One EventSource serves every subscriber; it opens with the first and closes with the last.
  function openEvents(): EventSource {
    const events = new EventSource(httpRoutes.events);
    events.onmessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message.data);
      if (event) for (const listener of listeners) listener(event);
    };
    return events;
  }

  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const response = await fetch(httpRoutes.call(method), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
        credentials: 'same-origin',
      });
      return unwrapBridgeResult(await readJson(response)) as ApiOutput<M>;
    },
    subscribe(listener) {
      listeners.add(listener);
      source ??= openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    mediaUrl: (kind, photoId) => httpRoutes.media(kind, photoId),
    pickFolder: null,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const hint = response.status === 401 || response.status === 403 ? ' Open Facet again from the link `facet serve` printed.' : '';
    throw new ClientError('transport', `The server answered ${response.status} ${response.statusText}.${hint}`);
  }
}

function parseEvent(data: string): FacetEvent | null {
  try {
    const event = JSON.parse(data) as FacetEvent;
    return typeof event === 'object' && event !== null && typeof event.type === 'string' ? event : null;
  } catch {
    return null;
  }
}
