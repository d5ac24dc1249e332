import type { ShareEveryoneResult } from '../../../../shared/guests-api';
import { formatBytes, formatCount } from '../../format';

/** The packages "export for everyone" wrote, one per guest, and the guests who got none. */
export function EveryoneExportResult({ result }: { result: ShareEveryoneResult }) {
  return (
    <>
      <p>
        Wrote {formatCount(result.packages.length, 'package')} ({formatBytes(result.bytes)} on disk) in{' '}
        <span className="metadata-path">{result.destination}</span>.
      </p>
      {result.packages.length > 0 && (
        <ul className="package-list" aria-label="Packages written">
          {result.packages.map((p) => (
            <li key={p.guestId}>
              <strong>{p.name}</strong>: {formatCount(p.photos, 'photo')}, {formatBytes(p.bytes)} · <span className="metadata-path">{p.destination}</span>
            </li>
          ))}
        </ul>
      )}
      {result.skipped.length > 0 && (
        <ul className="skipped-list" aria-label="Guests without a package">
          {result.skipped.map((s) => (
            <li key={s.guestId}>
              {s.name}: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
