import { useState } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';

/**
 * The library's "find very small faces" setting, with what it costs: the default detection looks
 * for faces of 48 px and up; this one tiles every photo for faces down to 24 px.
 */
export function FaceDetectionSetting() {
  const client = useClient();
  const settings = useApi('getLibrarySettings', {});
  const change = useChange(['sources']);
  // The box shows the choice at once; the stored setting takes over once the engine answered.
  const [asked, setAsked] = useState<boolean | null>(null);
  const on = asked ?? settings.data?.findSmallFaces ?? false;

  async function choose(findSmallFaces: boolean) {
    setAsked(findSmallFaces);
    await change.run(() => client.call('setLibrarySettings', { findSmallFaces }));
    setAsked(null);
  }

  return (
    <section className="face-detection-setting" aria-labelledby="face-detection-heading">
      <h2 id="face-detection-heading">Face detection</h2>
      <label className="checkbox-label">
        <input type="checkbox" checked={on} disabled={settings.data === undefined || change.busy} onChange={(e) => void choose(e.target.checked)} />
        Find very small faces
      </label>
      <p className="hint">
        Also finds faces 24 to 48 pixels wide, such as the back rows of a large group photo or a crowd. Face detection then takes about 4 times as long (about
        1.6 s instead of 0.4 s of processor time for a 12-megapixel photo). Applies to photos indexed from now on.
      </p>
      <ErrorBanner error={settings.error ?? change.error} />
    </section>
  );
}
