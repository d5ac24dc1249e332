/**
 * Whether the renderer can reach the engine. Only the web mode can lose it (the `facet serve`
 * process stops or restarts); Electron's IPC never does, so there the state stays 'connected'.
 */
export type ConnectionState =
  /** Answers arrive. */
  | 'connected'
  /** The server does not answer; the transport retries with backoff. */
  | 'reconnecting'
  /** The server answers but refuses this page's secret (restarted without --remember). */
  | 'signed-out';

export interface ConnectionSnapshot {
  readonly state: ConnectionState;
  /** How many times the connection came back (the banner says so; the client tells the views to reread). */
  readonly restored: number;
}

/** A small external store (useSyncExternalStore) the transport writes and the views read. */
export class ConnectionMonitor {
  private snapshot: ConnectionSnapshot = { state: 'connected', restored: 0 };
  private readonly listeners = new Set<() => void>();
  /** Set by the transport: probe now instead of waiting for the next backoff step. */
  retryNow: () => void = () => undefined;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ConnectionSnapshot => this.snapshot;

  /** 'connected' after another state counts as a restoration. */
  set(state: ConnectionState): void {
    const previous = this.snapshot;
    if (previous.state === state) return;
    const restored = state === 'connected' ? previous.restored + 1 : previous.restored;
    this.snapshot = { state, restored };
    for (const listener of this.listeners) listener();
  }
}

/** The renderer's one connection (one client per page). */
export const connection = new ConnectionMonitor();
