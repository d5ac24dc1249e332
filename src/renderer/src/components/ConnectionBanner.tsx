import { useEffect, useState, useSyncExternalStore } from 'react';
import { connection, type ConnectionMonitor } from '../transport/connection';
import './ConnectionBanner.css';

/** How long "Reconnected." stays in the live region, for screen readers to pick it up. */
const reconnectedShowMs = 3000;

/**
 * The one place that says the web mode's server is away: views keep what they showed (their reads
 * wait for the server) instead of each printing a network error. Always mounted, so screen readers
 * hear the polite region change; a lost session is an alert, since the page cannot recover alone.
 */
export function ConnectionBanner({ monitor = connection }: { monitor?: ConnectionMonitor }) {
  const { state, restored } = useSyncExternalStore(monitor.subscribe, monitor.getSnapshot);
  const [showBack, setShowBack] = useState(false);

  useEffect(() => {
    if (restored === 0) return;
    setShowBack(true);
    const timer = setTimeout(() => setShowBack(false), reconnectedShowMs);
    return () => clearTimeout(timer);
  }, [restored]);

  return (
    <div className="connection-region">
      <div role="status" aria-live="polite" aria-label="Connection to Facet">
        {state === 'reconnecting' && (
          <div className="connection-banner">
            <div className="connection-text">
              <strong>Disconnected — retrying…</strong>
              <span>Facet’s server is not answering. What you see may be out of date until it is back.</span>
            </div>
            <button type="button" onClick={() => monitor.retryNow()}>
              Retry now
            </button>
          </div>
        )}
        {/* Seen as the strip going away; heard as this. */}
        {state === 'connected' && showBack && <span className="visually-hidden">Reconnected.</span>}
      </div>
      {state === 'signed-out' && (
        <div className="connection-banner connection-signed-out" role="alert">
          <div className="connection-text">
            <strong>Signed out — this page’s session ended</strong>
            <span>
              Facet’s server restarted with a new secret. Open the link that <code>facet serve</code> printed in its terminal; start it with{' '}
              <code>facet serve --remember</code> to keep one link across restarts.
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
