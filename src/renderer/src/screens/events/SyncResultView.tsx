import type { EventSyncResult } from '../../../../shared/api';
import { formatCount, formatNumber } from '../../format';
import { SkippedPhotosList } from './SkippedPhotosList';

/** What one sync did: pushed, pulled, collapsed, who contributed, and what was refused or not shared. */
export function SyncResultView({ result }: { result: EventSyncResult }) {
  const facts: [string, number][] = [
    ['Pushed', result.pushed],
    ['Pulled', result.pulled],
    ['Removed', result.removed],
    ['Duplicates collapsed', result.collapsedDuplicates],
    ['Contributors', result.contributors],
    ['Shared photos', result.sharedPhotos],
  ];
  return (
    <>
      <dl className="sync-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      {result.refusals.length > 0 && (
        <details className="sync-problems">
          <summary>{formatCount(result.refusals.length, 'refusal')}: things others wrote that were not used</summary>
          <ul>
            {result.refusals.map((r) => (
              <li key={r.key}>
                <span className="metadata-path">{r.key}</span>: {r.reason} {r.detail && `(${r.detail})`}
              </li>
            ))}
          </ul>
        </details>
      )}
      {result.skipped.length > 0 && (
        <details className="sync-problems">
          <summary>{formatCount(result.skipped.length, 'photo')} not shared</summary>
          <SkippedPhotosList skipped={result.skipped} />
        </details>
      )}
    </>
  );
}
