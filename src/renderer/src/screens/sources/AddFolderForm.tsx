import { useState, type FormEvent } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useChange } from '../../data/useChange';

/** Native folder dialog in Electron; in web mode the server cannot open one, so the user types the path. */
export function AddFolderForm() {
  const client = useClient();
  const action = useChange(['sources']);
  const [path, setPath] = useState('');

  async function add(folder: string) {
    if (await action.run(() => client.call('addFolderSource', { path: folder }))) setPath('');
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
        <button type="button" className="primary" onClick={() => void pick()} disabled={action.busy}>
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
          <button type="submit" className="primary" disabled={action.busy || path.trim() === ''}>
            Add folder
          </button>
        </form>
      )}
      <ErrorBanner error={action.error} />
    </div>
  );
}
