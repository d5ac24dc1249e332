import { useState, type FormEvent } from 'react';
import type { ShareExportResult } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { useChange } from '../../data/useChange';
import { ErrorBanner } from '../ErrorBanner';
import { PathField } from '../PathField';
import { ExportResultView } from '../../screens/events/ExportResultView';
import { pathInFolder } from '../../screens/events/exportDestination';

/** Writes the selected photos as a share package (no names, no face data) to a folder or a .zip. */
export function ExportSelectionForm({ photoIds, onClose }: { photoIds: number[]; onClose: () => void }) {
  const client = useClient();
  // Writing a package changes nothing the views show.
  const action = useChange([]);
  const [destination, setDestination] = useState('');
  const [format, setFormat] = useState<'folder' | 'zip'>('zip');
  const [name, setName] = useState('');
  const [includeOriginals, setIncludeOriginals] = useState(false);
  const [result, setResult] = useState<ShareExportResult | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    const exported = await action.run(() =>
      client.call('exportPhotos', { photoIds, destination: destination.trim(), format, includeOriginals, name: name.trim() || undefined }),
    );
    if (exported) setResult(exported);
  }

  return (
    <form className="panel-form selection-export" aria-label="Export selected photos" onSubmit={(e) => void submit(e)}>
      <PathField
        id="selection-export-destination"
        label={format === 'zip' ? 'Zip file path' : 'Destination folder'}
        value={destination}
        placeholder={format === 'zip' ? '/home/me/picked.zip' : '/home/me/Shared/picked'}
        onChange={setDestination}
        fromPickedFolder={(folder) => (format === 'zip' ? pathInFolder(folder, 'selected-photos.zip') : folder)}
      />
      <div className="form-row">
        <label htmlFor="selection-export-format">Format</label>
        <select id="selection-export-format" value={format} onChange={(e) => setFormat(e.target.value === 'zip' ? 'zip' : 'folder')}>
          <option value="zip">Zip file</option>
          <option value="folder">Folder</option>
        </select>
        <label htmlFor="selection-export-name">Title</label>
        <input
          id="selection-export-name"
          type="text"
          className="short-input"
          value={name}
          maxLength={200}
          placeholder="Selected photos"
          onChange={(e) => setName(e.target.value)}
        />
        <label className="checkbox-label">
          <input type="checkbox" checked={includeOriginals} onChange={(e) => setIncludeOriginals(e.target.checked)} /> Include originals
        </label>
      </div>
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || destination.trim() === ''}>
          {action.busy ? 'Exporting…' : 'Export'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorBanner error={action.error} />
      {result && (
        <div role="status" className="export-result">
          <ExportResultView result={result} />
        </div>
      )}
    </form>
  );
}
