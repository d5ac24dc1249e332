import type { ShareExportResult } from '../../../../shared/api';

/** Photos an export or sync left out, each with the reason. */
export function SkippedPhotosList({ skipped }: { skipped: ShareExportResult['skipped'] }) {
  return (
    <ul>
      {skipped.map((s) => (
        <li key={s.photoId}>
          {s.fileName}: {s.reason}
        </li>
      ))}
    </ul>
  );
}
