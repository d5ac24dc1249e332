import { useState, type FormEvent } from 'react';
import type { ApiInput } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { RadioChoice } from '../../components/RadioChoice';
import { formatCount } from '../../format';
import { useChange } from '../../data/useChange';
import { useApi } from '../../data/useApi';

type Selection = ApiInput<'addPhotosToEvent'>['selection'];

const ADD_MODES = [
  { value: 'folder', label: 'From a folder' },
  { value: 'dates', label: 'Taken between dates' },
] as const;

/** Adds a folder of a source, or the photos taken between two dates. */
export function AddPhotosForm({ eventId }: { eventId: number }) {
  const client = useClient();
  const action = useChange(['events']);
  const { data: sources } = useApi('listSources', {});
  const [mode, setMode] = useState<'folder' | 'dates'>('folder');
  const [sourceId, setSourceId] = useState<number | null>(null);
  const [folder, setFolder] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [added, setAdded] = useState<number | null>(null);
  const source = sourceId ?? sources?.[0]?.id ?? null;

  const selection: Selection | null =
    mode === 'folder'
      ? source === null
        ? null
        : { kind: 'folder', sourceId: source, folder: folder.trim() }
      : from && to
        ? { kind: 'dates', from, to }
        : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!selection) return;
    const change = await action.run(() => client.call('addPhotosToEvent', { eventId, selection }));
    if (!change) return;
    setAdded(change.changed);
  }

  return (
    <form className="panel-form" aria-label="Add photos" onSubmit={(e) => void submit(e)}>
      <RadioChoice legend="Add photos" name="add-mode" options={ADD_MODES} value={mode} onChange={setMode} />
      {mode === 'folder' ? (
        <div className="form-row">
          <label htmlFor="add-source">Source</label>
          <select id="add-source" value={source ?? ''} onChange={(e) => setSourceId(Number(e.target.value))}>
            {sources?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <label htmlFor="add-folder">Folder in the source</label>
          <input id="add-folder" type="text" value={folder} placeholder="(whole source)" onChange={(e) => setFolder(e.target.value)} spellCheck={false} />
        </div>
      ) : (
        <div className="form-row">
          <label htmlFor="add-from">From</label>
          <input id="add-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor="add-to">To</label>
          <input id="add-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      )}
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || !selection}>
          Add to event
        </button>
        {added !== null && <span role="status">Added {formatCount(added, 'photo')}.</span>}
      </div>
      <ErrorBanner error={action.error} />
    </form>
  );
}
