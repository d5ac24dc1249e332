import type { ApiInput, ApiMethod, ApiOutput, FacetClient, FacetEvent } from '../../../shared/api';
import { httpRoutes } from '../../../shared/http';
import { unwrapBridgeResult } from './bridgeResult';
import { ClientError } from './ClientError';
import { connection as sharedConnection, type ConnectionMonitor, type ConnectionState } from './connection';

/** Waits between reconnection probes: quick for a restart, then every 5 s for as long as it takes. */
const retryDelaysMs = [500, 1000, 2000, 4000, 5000];
/** A stream open this long proves the connection healthy again, and the backoff starts over. */
const healthyAfterMs = 10_000;

/**
 * Reads (get…, list…, estimate…) change nothing, so a read that meets a stopped server waits for
 * it and runs again: the view keeps what it shows (or its loading state) under the banner instead
 * of an error. Changes are never replayed behind the user's back; they fail with a message saying so.
 */
function isRead(method: ApiMethod): boolean {
  return /^(get|list|estimate)[A-Z]/.test(method);
}

function notSent(state: ConnectionState): ClientError {
  return state === 'signed-out'
    ? new ClientError('disconnected', 'Not sent: this page’s session with Facet’s server ended. Open the link that `facet serve` printed.')
    : new ClientError('disconnected', 'Not sent: Facet’s server is not answering. This page reconnects by itself; try again once it is back.');
}

/**
 * Web-mode transport. The server already set the session cookie when it redirected away from
 * the ?token= launch URL, so every request is plain same-origin.
 *
 * It also keeps the connection: when a request or the event stream fails it probes the server
 * with backoff, reports the state to `monitor` (the banner), and once the server answers again it
 * reopens the event stream, lets held reads run, and tells every view to reread, since the events
 * sent while it was away are lost.
 */
export function createHttpClient(monitor: ConnectionMonitor = sharedConnection): FacetClient {
  const listeners = new Set<(event: FacetEvent) => void>();
  let source: EventSource | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let probing = false;
  const waiting = new Set<() => void>();

  const post = (method: string, input: unknown) =>
    fetch(httpRoutes.call(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });

  // One EventSource serves every subscriber; it opens with the first and closes with the last.
  function openEvents(): EventSource {
    const events = new EventSource(httpRoutes.events);
    events.onmessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message.data);
      if (event) for (const listener of listeners) listener(event);
    };
    events.onopen = () => {
      setTimeout(() => {
        if (source === events && events.readyState === EventSource.OPEN) attempt = 0;
      }, healthyAfterMs);
    };
    events.onerror = () => {
      // EventSource would retry by itself, but it cannot tell a stopped server from one that no
      // longer takes this page's secret (a 401 ends the stream for good): a probe tells them apart.
      events.close();
      if (source === events) source = null;
      scheduleProbe();
    };
    return events;
  }

  function closeEvents(): void {
    source?.close();
    source = null;
  }

  function scheduleProbe(delay = retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)]!): void {
    if (retryTimer !== null || probing) return;
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void probe();
    }, delay);
  }

  async function probe(): Promise<void> {
    if (probing) return;
    probing = true;
    let outcome: ConnectionState;
    try {
      const response = await post('getStatus', {});
      outcome = response.status === 401 ? 'signed-out' : 'connected';
    } catch {
      outcome = 'reconnecting';
    } finally {
      probing = false;
    }
    if (outcome === 'connected') restore();
    else lose(outcome);
  }

  function lose(state: Exclude<ConnectionState, 'connected'>): void {
    closeEvents();
    monitor.set(state);
    scheduleProbe();
  }

  function restore(): void {
    monitor.set('connected');
    if (listeners.size > 0 && source === null) source = openEvents();
    for (const resume of waiting) resume();
    waiting.clear();
    // Whatever changed while the stream was down was announced to nobody: every view rereads.
    for (const listener of listeners) listener({ type: 'library-changed' });
  }

  /** Resolves when a probe finds the server answering again. */
  const restored = () => new Promise<void>((resolve) => waiting.add(resolve));

  monitor.retryNow = () => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    void probe();
  };
  // Coming back to the page or onto a network is a good moment to look again.
  const retryIfAway = () => {
    if (monitor.getSnapshot().state !== 'connected') monitor.retryNow();
  };
  window.addEventListener('online', retryIfAway);
  window.addEventListener('focus', retryIfAway);

  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const held = isRead(method);
      for (;;) {
        const { state } = monitor.getSnapshot();
        if (state !== 'connected') {
          if (!held) throw notSent(state);
          await restored();
          continue;
        }
        let answer: Answer;
        try {
          const response = await post(method, input);
          // Reading the body can fail too, when the server stops halfway through the answer.
          answer = { status: response.status, statusText: response.statusText, text: await response.text() };
        } catch {
          // "Failed to fetch": the server is gone, or was for a moment. The probe decides which.
          const back = restored();
          scheduleProbe(0);
          if (!held) {
            throw new ClientError('disconnected', 'Facet’s server did not answer, so this change may not have been made. Check once it is back.');
          }
          await back;
          continue;
        }
        if (answer.status === 401) {
          const back = restored();
          lose('signed-out');
          if (!held) throw notSent('signed-out');
          await back;
          continue;
        }
        return unwrapBridgeResult(parseAnswer(answer)) as ApiOutput<M>;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (monitor.getSnapshot().state === 'connected') source ??= openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) closeEvents();
      };
    },
    mediaUrl: (kind, photoId) => httpRoutes.media(kind, photoId),
    pickFolder: null,
    pickSharePackage: null,
  };
}

interface Answer {
  status: number;
  statusText: string;
  text: string;
}

function parseAnswer(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    const hint = answer.status === 403 ? ' Open Facet again from the link `facet serve` printed.' : '';
    throw new ClientError('transport', `The server answered ${answer.status} ${answer.statusText}.${hint}`);
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
