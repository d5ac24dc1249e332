import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';

/** Pause or resume indexing for the whole library: kept across restarts, changes found meanwhile wait. */
export function IndexingPause() {
  const client = useClient();
  const status = useApi('getStatus', {});
  const change = useChange(['sources', 'jobs']);
  const paused = status.data?.indexingPaused;
  if (paused === undefined) return null;
  return (
    <div className="indexing-pause">
      {paused && <p role="status">Indexing is paused. New and changed photos wait until you resume.</p>}
      <button
        type="button"
        disabled={change.busy}
        onClick={() => void change.run<{ paused: boolean }>(() => (paused ? client.call('resumeIndexing', {}) : client.call('pauseIndexing', {})))}
      >
        {paused ? 'Resume indexing' : 'Pause indexing'}
      </button>
      <ErrorBanner error={change.error} />
    </div>
  );
}
