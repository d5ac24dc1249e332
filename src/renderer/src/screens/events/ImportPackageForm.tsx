import { useState, type FormEvent } from 'react';
import type { SharePackagePreview } from '../../../../shared/share-import-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PathField } from '../../components/PathField';
import { RadioChoice } from '../../components/RadioChoice';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';
import { formatBytes, formatCount } from '../../format';
import { navigate } from '../../hooks/useHashRoute';

const DESTINATIONS = [
  { value: 'new', label: 'As a new event' },
  { value: 'existing', label: 'Into an existing event' },
] as const;

/**
 * Brings in a share package someone sent (a .zip or a folder): first what it holds, read without
 * importing anything (a refused package says why here), then the import into an event.
 */
export function ImportPackageForm() {
  const client = useClient();
  // Looking inside changes nothing; the import adds a source, photos and an event.
  const inspect = useChange([]);
  const importing = useChange(['sources', 'photos', 'events']);
  const events = useApi('listEvents', {});
  const [source, setSource] = useState('');
  const [preview, setPreview] = useState<SharePackagePreview | null>(null);
  const [destination, setDestination] = useState<'new' | 'existing'>('new');
  const [eventId, setEventId] = useState<number | null>(null);
  const chosenEvent = eventId ?? events.data?.[0]?.id ?? null;

  async function pickZip() {
    const file = await client.pickSharePackage?.();
    if (file) {
      setSource(file);
      setPreview(null);
    }
  }

  async function look(e: FormEvent) {
    e.preventDefault();
    setPreview(null);
    const found = await inspect.run(() => client.call('inspectSharePackage', { source: source.trim() }));
    if (found) setPreview(found);
  }

  async function runImport() {
    if (!preview) return;
    const into = destination === 'new' || chosenEvent === null ? { kind: 'new-event' as const } : { kind: 'event' as const, eventId: chosenEvent };
    const imported = await importing.run(() => client.call('importSharePackageToLibrary', { source: preview.source, into }));
    if (imported) navigate(`events/${imported.event.id}`);
  }

  return (
    <div className="panel-form" aria-label="Import a share package" role="region">
      <form onSubmit={(e) => void look(e)}>
        <PathField
          id="import-package-path"
          label="Share package (.zip or folder)"
          value={source}
          placeholder="/home/me/Downloads/party.zip"
          onChange={(path) => {
            setSource(path);
            setPreview(null);
          }}
        />
        <div className="form-row">
          {client.pickSharePackage && (
            <button type="button" onClick={() => void pickZip()}>
              Choose a .zip…
            </button>
          )}
          <button type="submit" disabled={inspect.busy || source.trim() === ''}>
            {inspect.busy ? 'Checking…' : 'Look inside'}
          </button>
        </div>
      </form>
      <ErrorBanner error={inspect.error} />
      {preview && (
        <div className="import-preview">
          <dl role="group" aria-label="Package contents" className="sync-facts">
            <div>
              <dt>Event</dt>
              <dd>{preview.eventName}</dd>
            </div>
            <div>
              <dt>Photos</dt>
              <dd>
                {formatCount(preview.photos, 'photo')}
                {preview.videos > 0 && `, of which ${formatCount(preview.videos, 'video')}`}
              </dd>
            </div>
            <div>
              <dt>People</dt>
              <dd>{preview.people.length > 0 ? preview.people.join(', ') : 'nobody named'}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>
                {formatBytes(preview.bytes)}
                {preview.hasOriginals ? ', with originals' : ', web-sized copies'}
              </dd>
            </div>
          </dl>
          <RadioChoice legend="Import" name="import-destination" options={DESTINATIONS} value={destination} onChange={setDestination} />
          {destination === 'existing' && (
            <div className="form-row">
              <label htmlFor="import-event">Event</label>
              <select id="import-event" value={chosenEvent ?? ''} onChange={(e) => setEventId(Number(e.target.value))}>
                {events.data?.map((event) => (
                  <option key={event.id} value={event.id}>
                    {event.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="form-row">
            <button
              type="button"
              className="primary"
              disabled={importing.busy || (destination === 'existing' && chosenEvent === null)}
              onClick={() => void runImport()}
            >
              {importing.busy ? 'Importing…' : 'Import'}
            </button>
          </div>
          <ErrorBanner error={importing.error} />
        </div>
      )}
    </div>
  );
}
