import { useState } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../ErrorBanner';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';

/** The library's opt-in to write ratings to XMP sidecars beside the originals (which stay untouched). */
export function XmpSidecarSetting() {
  const client = useClient();
  const settings = useApi('getLibrarySettings', {});
  const change = useChange(['sources']);
  // The box shows the choice at once; the stored setting takes over once the engine answered.
  const [asked, setAsked] = useState<boolean | null>(null);
  const on = asked ?? settings.data?.writeXmpSidecars ?? false;

  async function choose(writeXmpSidecars: boolean) {
    setAsked(writeXmpSidecars);
    await change.run(() => client.call('setLibrarySettings', { writeXmpSidecars }));
    setAsked(null);
  }

  return (
    <section className="xmp-sidecar-setting" aria-labelledby="xmp-sidecar-heading">
      <h2 id="xmp-sidecar-heading">Ratings in other apps</h2>
      <label className="checkbox-label">
        <input type="checkbox" checked={on} disabled={settings.data === undefined || change.busy} onChange={(e) => void choose(e.target.checked)} />
        Write ratings to XMP sidecar files
      </label>
      <p className="hint">
        A rating you set is also written to a file beside the photo (IMG_1.jpg.xmp) that Lightroom, darktable and digiKam read. Your photos themselves are never
        changed. Folder sources only.
      </p>
      <ErrorBanner error={settings.error ?? change.error} />
    </section>
  );
}
