import { useState } from 'react';
import type { EventSyncResult } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatNumber, formatTimestamp } from '../../format';
import { useChange } from '../../data/useChange';
import { useApi } from '../../data/useApi';
import { useSyncProgress } from '../../hooks/useSyncProgress';
import { LinkLocationForm } from './LinkLocationForm';
import { SyncResultView } from './SyncResultView';

const phaseWords = { pushing: 'Pushing', fetching: 'Fetching', indexing: 'Indexing fetched photos' } as const;

/** Syncing the event with other libraries: where it is linked, the last result, and "Sync now". */
export function SyncPanel({ eventId }: { eventId: number }) {
  const client = useClient();
  // A sync brings photos, their faces and event changes from the other contributors.
  const action = useChange(['photos', 'people', 'events']);
  const status = useApi('getEventSyncStatus', { eventId });
  const { progress, clear } = useSyncProgress(eventId);
  const [relinking, setRelinking] = useState(false);
  const [latest, setLatest] = useState<EventSyncResult | null>(null);
  const current = status.data;
  const shown = latest ?? current?.lastResult ?? null;

  async function sync() {
    clear();
    const result = await action.run(() => client.call('syncEvent', { eventId }));
    clear();
    if (!result) return;
    setLatest(result);
  }

  return (
    <section className="panel-form sync-panel" aria-label="Sync">
      <ErrorBanner error={status.error} />
      {current?.linked && current.location && (
        <div className="form-row">
          <span>
            Linked to <span className="metadata-path">{current.location.root}</span>
            {current.lastSyncAt ? ` · last sync ${formatTimestamp(current.lastSyncAt)}` : ' · not synced yet'}
          </span>
          <button type="button" className="primary" disabled={action.busy} onClick={() => void sync()}>
            {action.busy ? 'Syncing…' : 'Sync now'}
          </button>
          <button type="button" aria-expanded={relinking} onClick={() => setRelinking(!relinking)}>
            Change location…
          </button>
        </div>
      )}
      {current && (!current.linked || relinking) && <LinkLocationForm eventId={eventId} current={current} onLinked={() => setRelinking(false)} />}
      {action.busy && progress && (
        <div className="source-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label="Sync progress" />
          <p>
            {phaseWords[progress.phase]} · {formatNumber(progress.done)} / {formatNumber(progress.total)}
          </p>
        </div>
      )}
      <ErrorBanner error={action.error} />
      {shown && (
        <div role="status" aria-label="Last sync" className="sync-result">
          <SyncResultView result={shown} />
        </div>
      )}
    </section>
  );
}
