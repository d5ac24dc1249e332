import { ErrorBanner } from '../ErrorBanner';
import { useLibrarySetting } from '../../data/useLibrarySetting';

/** The library's opt-in to write ratings to XMP sidecars beside the originals (which stay untouched). */
export function XmpSidecarSetting() {
  const setting = useLibrarySetting('writeXmpSidecars');

  return (
    <section className="xmp-sidecar-setting" aria-labelledby="xmp-sidecar-heading">
      <h2 id="xmp-sidecar-heading">Ratings in other apps</h2>
      <label className="checkbox-label">
        <input type="checkbox" checked={setting.on} disabled={setting.disabled} onChange={(e) => void setting.choose(e.target.checked)} />
        Write ratings to XMP sidecar files
      </label>
      <p className="hint">
        A rating you set is also written to a file beside the photo (IMG_1.jpg.xmp) that Lightroom, darktable and digiKam read. Your photos themselves are never
        changed. Folder sources only.
      </p>
      <ErrorBanner error={setting.error} />
    </section>
  );
}
