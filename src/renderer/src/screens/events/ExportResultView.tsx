import type { ShareExportResult } from '../../../../shared/api';
import { formatBytes, formatCount } from '../../format';
import { SkippedPhotosList } from './SkippedPhotosList';

/** What one package export wrote, and the photos it left out. */
export function ExportResultView({ result }: { result: ShareExportResult }) {
  return (
    <>
      <p>
        Exported {formatCount(result.photos, 'photo')} to <span className="metadata-path">{result.destination}</span> ({formatCount(result.written, 'file')}{' '}
        written, {result.reused} unchanged, {formatBytes(result.bytes)} on disk).
      </p>
      {result.skipped.length > 0 && <SkippedPhotosList skipped={result.skipped} />}
    </>
  );
}
