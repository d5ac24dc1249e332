import { useState } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { formatCount, formatTimestamp } from '../../format';

/**
 * A linked event's sync at a glance, on its page: when it last synced and what came in, whether it
 * syncs by itself (and why it is waiting, when the location is unavailable), and the switch to pause it.
 */
export function AutoSyncStatus({ eventId }: { eventId: number }) {
  const client = useClient();
  const auto = useApi('getEventAutoSync', { eventId });
  const sync = useApi('getEventSyncStatus', { eventId });
  const action = useChange(['events']);
  // The box shows the choice at once; the stored state takes over once the engine answered.
  const [asked, setAsked] = useState<boolean | null>(null);
  const state = auto.data;
  if (!state?.linked) return null;
  const last = sync.data?.lastResult ?? null;
  const on = asked ?? !state.paused;

  async function choose(automatic: boolean) {
    setAsked(automatic);
    await action.run(() => client.call('setEventAutoSyncPaused', { eventId, paused: !automatic }));
    setAsked(null);
  }

  return (
    <div className="auto-sync-status">
      <p role="status" aria-label="Event sync">
        {sync.data?.lastSyncAt ? `Last sync ${formatTimestamp(sync.data.lastSyncAt)}` : 'Not synced yet'}
        {last && ` · ${formatCount(last.pulled, 'photo')} came in, ${last.removed} removed, ${last.pushed} sent`}
        {state.paused
          ? ' · automatic sync paused'
          : state.failures > 0
            ? ` · the location is unavailable (${state.lastError}); trying again ${state.nextSyncAt ? formatTimestamp(state.nextSyncAt) : 'later'}`
            : state.running && ' · syncs automatically'}
      </p>
      <label className="checkbox-label">
        <input type="checkbox" checked={on} disabled={action.busy} onChange={(e) => void choose(e.target.checked)} /> Sync automatically
      </label>
      <ErrorBanner error={action.error ?? auto.error} />
    </div>
  );
}
