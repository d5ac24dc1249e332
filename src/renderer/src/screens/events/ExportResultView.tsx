import type { ShareExportResult } from '../../../../shared/api';
import { formatBytes, formatCount } from '../../format';

/** What one package export wrote, and the photos it left out. */
export function ExportResultView({ result }: { result: ShareExportResult }) {
  return (
    <>
      <p>
        Exported {formatCount(result.photos, 'photo')} to <span className="metadata-path">{result.destination}</span> (
        {formatCount(result.written, 'file')} written, {result.reused} unchanged, {formatBytes(result.bytes)}).
      </p>
      {result.skipped.length > 0 && (
        <ul>
          {result.skipped.map((s) => (
            <li key={s.photoId}>
              {s.fileName}: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
