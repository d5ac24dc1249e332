import type { IndexProgress, SourceInfo } from '../../../../shared/api';
import { formatCount, formatDuration, formatNumber, formatRate } from '../../format';

interface Props {
  source: SourceInfo;
  /** Latest event for this source; absent when it finished before this page started listening. */
  progress: IndexProgress | undefined;
}

export function SourceProgress({ source, progress }: Props) {
  const active = progress ? progress.phase !== 'idle' : source.state === 'scanning' || source.state === 'indexing';
  const label = `Progress of ${source.label}`;

  if (!active) {
    if (!progress && !source.lastScanAt) return null;
    return (
      <p className="source-progress" role="status" aria-label={label}>
        Done{progress && ` · ${finishedSummary(progress)}`}
      </p>
    );
  }

  if (!progress) {
    return (
      <p className="source-progress" role="status" aria-label={label}>
        {source.state === 'scanning' ? 'Looking for files…' : 'Indexing…'}
      </p>
    );
  }

  const parts =
    progress.phase === 'scanning'
      ? ['Looking for files', progress.total > 0 ? `${formatNumber(progress.total)} found` : null]
      : [
          'Indexing',
          `${formatNumber(progress.done)} / ${formatNumber(progress.total)} files`,
          progress.ratePerSecond > 0 ? formatRate(progress.ratePerSecond) : null,
          progress.etaSeconds ? `about ${formatDuration(progress.etaSeconds)} left` : null,
        ];
  if (progress.errors > 0) parts.push(formatCount(progress.errors, 'error'));

  return (
    <div className="source-progress">
      <progress
        max={Math.max(progress.total, 1)}
        // No value while scanning: the bar is indeterminate until the total is known.
        value={progress.phase === 'scanning' ? undefined : progress.done}
        aria-label={`Indexing ${source.label}`}
      />
      <p role="status" aria-label={label}>
        {parts.filter(Boolean).join(' · ')}
      </p>
    </div>
  );
}

function finishedSummary(progress: IndexProgress): string {
  const unchanged = progress.skipped > 0 ? ` (${formatNumber(progress.skipped)} unchanged)` : '';
  return `${formatNumber(progress.done)} of ${formatCount(progress.total, 'file')}${unchanged} · ${formatCount(progress.errors, 'error')}`;
}
