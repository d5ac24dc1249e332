import { useState, type FormEvent } from 'react';
import { useClient } from '../../ClientContext';
import { errorMessage } from '../../transport/ClientError';

/** Native folder dialog in Electron; in web mode the server cannot open one, so the user types the path. */
export function AddFolderForm({ onAdded }: { onAdded: () => void }) {
  const client = useClient();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add(folder: string) {
    setBusy(true);
    setError(null);
    try {
      await client.call('addFolderSource', { path: folder });
      setPath('');
      onAdded();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function pick() {
    const folder = await client.pickFolder?.();
    if (folder) await add(folder);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const folder = path.trim();
    if (folder) void add(folder);
  }

  return (
    <div className="add-folder">
      {client.pickFolder ? (
        <button type="button" className="primary" onClick={() => void pick()} disabled={busy}>
          Add folder…
        </button>
      ) : (
        <form onSubmit={submit} className="add-folder-form">
          <label htmlFor="folder-path">Folder path</label>
          <input
            id="folder-path"
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/me/Pictures"
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" className="primary" disabled={busy || path.trim() === ''}>
            Add folder
          </button>
        </form>
      )}
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
