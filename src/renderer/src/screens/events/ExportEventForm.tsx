import { useState, type FormEvent } from 'react';
import type { ShareExportResult } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatBytes, formatCount } from '../../format';
import { useAction } from '../../hooks/useAction';

/** Writes the event's share package to a folder or a .zip file the user names. */
export function ExportEventForm({ eventId }: { eventId: number }) {
  const client = useClient();
  const action = useAction();
  const [destination, setDestination] = useState('');
  const [format, setFormat] = useState<'folder' | 'zip'>('folder');
  const [includeOriginals, setIncludeOriginals] = useState(false);
  const [result, setResult] = useState<ShareExportResult | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    const exported = await action.run(() =>
      client.call('exportEvent', { eventId, destination: destination.trim(), format, includeOriginals }),
    );
    if (exported) setResult(exported);
  }

  async function pick() {
    const folder = await client.pickFolder?.();
    if (folder) setDestination(folder);
  }

  return (
    <form className="panel-form" aria-label="Export event" onSubmit={(e) => void submit(e)}>
      <div className="form-row">
        <label htmlFor="export-destination">{format === 'zip' ? 'Zip file path' : 'Destination folder'}</label>
        <input
          id="export-destination"
          type="text"
          value={destination}
          placeholder={format === 'zip' ? '/home/me/party.zip' : '/home/me/Shared/party'}
          onChange={(e) => setDestination(e.target.value)}
          spellCheck={false}
        />
        {client.pickFolder && format === 'folder' && (
          <button type="button" onClick={() => void pick()}>
            Choose…
          </button>
        )}
      </div>
      <div className="form-row">
        <label htmlFor="export-format">Format</label>
        <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value === 'zip' ? 'zip' : 'folder')}>
          <option value="folder">Folder</option>
          <option value="zip">Zip file</option>
        </select>
        <label className="checkbox-label">
          <input type="checkbox" checked={includeOriginals} onChange={(e) => setIncludeOriginals(e.target.checked)} /> Include originals
        </label>
        <button type="submit" className="primary" disabled={action.busy || destination.trim() === ''}>
          {action.busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
      <ErrorBanner error={action.error} />
      {result && (
        <div role="status" className="export-result">
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
        </div>
      )}
    </form>
  );
}
