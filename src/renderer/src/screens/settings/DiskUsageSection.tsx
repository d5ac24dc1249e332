import { useState } from 'react';
import type { DiskUsage } from '../../../../shared/library-care-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { formatBytes } from '../../format';

const parts: [keyof DiskUsage['parts'], string][] = [
  ['catalog', 'Catalog'],
  ['faceIndex', 'Face index'],
  ['faceCrops', 'Face crops'],
  ['previews', 'Previews'],
  ['thumbnails', 'Thumbnails'],
  ['exports', 'Imports and sync'],
  ['logsAndBackups', 'Logs and backups'],
];

const megabyte = 1024 * 1024;

/** The library folder's size by part, and the preview cache's limit. */
export function DiskUsageSection() {
  const client = useClient();
  const usage = useApi('getDiskUsage', {});
  const change = useChange(['photos']);
  const [limitText, setLimitText] = useState<string | null>(null);
  const cache = usage.data?.previewCache;
  const shownLimit = limitText ?? (cache?.maxBytes == null ? '' : String(Math.round(cache.maxBytes / megabyte)));

  async function applyLimit(text: string) {
    const maxBytes = text.trim() === '' ? null : Math.round(Number(text) * megabyte);
    if (maxBytes !== null && (!Number.isFinite(maxBytes) || maxBytes < 0)) return;
    await change.run(() => client.call('setPreviewCacheLimit', { maxBytes }));
    setLimitText(null);
  }

  return (
    <section className="settings-section" aria-labelledby="disk-heading">
      <h2 id="disk-heading">Disk use</h2>
      {usage.data && (
        <>
          <p className="hint">{usage.data.libraryDir}</p>
          <table className="disk-usage" aria-label="Library size by part">
            <tbody>
              {parts.map(([part, name]) => (
                <tr key={part}>
                  <th scope="row">{name}</th>
                  <td>{formatBytes(usage.data!.parts[part])}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Total</th>
                <td>{formatBytes(usage.data.total)}</td>
              </tr>
            </tbody>
          </table>
          <form
            className="preview-cache-limit"
            onSubmit={(e) => {
              e.preventDefault();
              void applyLimit(shownLimit);
            }}
          >
            <label>
              Preview cache limit (MB)
              <input type="number" min={0} step={1} placeholder="No limit" value={shownLimit} onChange={(e) => setLimitText(e.target.value)} />
            </label>
            <button type="submit" disabled={change.busy}>
              Apply
            </button>
          </form>
          <p className="hint" aria-label="Preview cache">
            {cache!.count} {cache!.count === 1 ? 'preview' : 'previews'}, {formatBytes(cache!.bytes)}
            {cache!.maxBytes === null ? ', no limit.' : ` of at most ${formatBytes(cache!.maxBytes)}.`} Beyond the limit, the previews viewed longest ago are
            deleted, and made again from the photo when it is viewed.
          </p>
        </>
      )}
      <ErrorBanner error={usage.error ?? change.error} />
    </section>
  );
}
