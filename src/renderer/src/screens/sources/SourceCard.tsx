import { useState } from 'react';
import type { IndexProgress, SourceInfo } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useChange } from '../../data/useChange';
import { formatCount, formatTimestamp } from '../../format';
import { SourceProgress } from './SourceProgress';

interface Props {
  source: SourceInfo;
  progress: IndexProgress | undefined;
}

export function SourceCard({ source, progress }: Props) {
  const client = useClient();
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const rescan = useChange(['sources']);
  // Its photos, their faces and their places in events go with it.
  const removal = useChange(['sources', 'photos', 'people', 'events']);

  const counts = [
    formatCount(source.photoCount, 'photo'),
    formatCount(source.videoCount, 'video'),
    source.missingCount > 0 ? formatCount(source.missingCount, 'missing file') : null,
    formatCount(source.errorCount, 'error'),
  ].filter(Boolean);

  return (
    <article className="source-card" aria-label={source.label}>
      <div className="source-head">
        <h2>{source.label}</h2>
        {source.kind === 's3' && <span className="state-badge">S3</span>}
        <span className={`state-badge state-${source.state}`}>{source.state}</span>
      </div>
      <p className="source-root">{source.root}</p>
      {source.stateReason && <p className="source-reason">{source.stateReason}</p>}
      <p className="source-counts">
        {counts.join(' · ')}
        {source.lastScanAt && ` · last scan ${formatTimestamp(source.lastScanAt)}`}
      </p>
      <SourceProgress source={source} progress={progress} />
      <div className="source-actions">
        <button type="button" onClick={() => void rescan.run(() => client.call('rescanSource', { sourceId: source.id }))}>
          Rescan
        </button>
        {confirmingRemove ? (
          <>
            <button type="button" className="danger" onClick={() => void removal.run(() => client.call('removeSource', { sourceId: source.id }))}>
              Confirm remove
            </button>
            <button type="button" onClick={() => setConfirmingRemove(false)}>
              Keep
            </button>
            <span className="source-remove-note">Removes the photos from the library; the files stay untouched.</span>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmingRemove(true)}>
            Remove
          </button>
        )}
      </div>
      <ErrorBanner error={rescan.error ?? removal.error} />
    </article>
  );
}
