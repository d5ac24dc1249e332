import { useState, type FormEvent } from 'react';
import type { EventInfo, EventPerson, ShareExportResult } from '../../../../shared/api';
import type { EventGuestInfo, ShareEveryoneResult } from '../../../../shared/guests-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PathField } from '../../components/PathField';
import { RadioChoice } from '../../components/RadioChoice';
import { useChange } from '../../data/useChange';
import { EveryoneExportResult } from './EveryoneExportResult';
import { fileSlug, pathInFolder } from './exportDestination';
import { ExportResultView } from './ExportResultView';
import { ExportSizeEstimate } from './ExportSizeEstimate';
import { PackageNamesField } from './PackageNamesField';

interface Props {
  event: EventInfo;
  guests: readonly EventGuestInfo[];
  people: readonly EventPerson[];
}

type Result = { kind: 'one'; value: ShareExportResult } | { kind: 'everyone'; value: ShareEveryoneResult };

const PACKAGE_MODES = [
  { value: 'one', label: 'One package of the event' },
  { value: 'everyone', label: 'For everyone: one package per guest, with the photos they are in' },
] as const;

/** Writes a share package of the event, or one per guest, to a folder or .zip the user names. */
export function ExportEventForm({ event, guests, people }: Props) {
  const client = useClient();
  // Writing a package changes nothing the views show.
  const action = useChange([]);
  const [packages, setPackages] = useState<'one' | 'everyone'>('one');
  const forEveryone = packages === 'everyone';
  const [destination, setDestination] = useState('');
  const [format, setFormat] = useState<'folder' | 'zip'>('folder');
  const [includeOriginals, setIncludeOriginals] = useState(false);
  // Megabytes per video, as typed; empty: the package leaves videos out.
  const [videoMegabytes, setVideoMegabytes] = useState('');
  const [watermark, setWatermark] = useState('');
  const [names, setNames] = useState({ guestIds: new Set<number>(), personIds: new Set<number>() });
  const [includeBiometrics, setIncludeBiometrics] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const namedPeople = people.filter((p) => p.person.name !== null);
  // A single .zip is a file; everything else is written into a folder.
  const wantsFile = format === 'zip' && !forEveryone;
  // What goes into the package(s): the estimate is of exactly what the export will write.
  const contents = {
    eventId: event.id,
    format,
    includeOriginals,
    videoMaxBytes: Number(videoMegabytes) > 0 ? Math.round(Number(videoMegabytes) * 1_000_000) : undefined,
    watermark: watermark.trim() || undefined,
    includeGuests: names.guestIds.size > 0 ? [...names.guestIds] : undefined,
    includePeople: names.personIds.size > 0 ? [...names.personIds] : undefined,
    includeBiometrics,
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    const options = { ...contents, destination: destination.trim() };
    const exported = await action.run(async (): Promise<Result> =>
      forEveryone
        ? { kind: 'everyone', value: await client.call('exportEventForEveryone', options) }
        : { kind: 'one', value: await client.call('exportEvent', options) },
    );
    if (exported) setResult(exported);
  }

  return (
    <form className="panel-form" aria-label="Export event" onSubmit={(e) => void submit(e)}>
      <RadioChoice legend="Packages" name="export-mode" options={PACKAGE_MODES} value={packages} onChange={setPackages} />
      {forEveryone && guests.length === 0 && <p className="field-note">Add guests first: each gets a package of the photos they are in.</p>}
      <PathField
        id="export-destination"
        label={wantsFile ? 'Zip file path' : 'Destination folder'}
        value={destination}
        placeholder={wantsFile ? '/home/me/party.zip' : '/home/me/Shared/party'}
        onChange={setDestination}
        fromPickedFolder={(folder) => (wantsFile ? pathInFolder(folder, `${fileSlug(event.name)}.zip`) : folder)}
      />
      <div className="form-row">
        <label htmlFor="export-format">Format</label>
        <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value === 'zip' ? 'zip' : 'folder')}>
          <option value="folder">Folder</option>
          <option value="zip">Zip file</option>
        </select>
        <label className="checkbox-label">
          <input type="checkbox" checked={includeOriginals} onChange={(e) => setIncludeOriginals(e.target.checked)} /> Include originals
        </label>
        <label htmlFor="export-videos">Videos up to (MB)</label>
        <input
          id="export-videos"
          type="number"
          min="1"
          className="short-input"
          value={videoMegabytes}
          placeholder="none"
          onChange={(e) => setVideoMegabytes(e.target.value)}
        />
        <label htmlFor="export-watermark">Watermark</label>
        <input
          id="export-watermark"
          type="text"
          className="short-input"
          value={watermark}
          maxLength={200}
          placeholder="(none)"
          onChange={(e) => setWatermark(e.target.value)}
        />
      </div>
      <PackageNamesField guests={guests} people={namedPeople} guestIds={names.guestIds} personIds={names.personIds} onChange={setNames} />
      <div className="biometrics-choice">
        <label className="checkbox-label">
          <input type="checkbox" checked={includeBiometrics} onChange={(e) => setIncludeBiometrics(e.target.checked)} aria-describedby="biometrics-warning" />{' '}
          Include face search for guests (biometric data)
        </label>
        <p id="biometrics-warning" className={`field-note${includeBiometrics ? ' warning-note' : ''}`}>
          The package then holds a face print of every face in its photos, and the face models. Anyone who gets it can search it by face. Only tick this when
          the people in the photos agree.
        </p>
      </div>
      <ExportSizeEstimate input={{ ...contents, forEveryone }} />
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || destination.trim() === '' || (forEveryone && guests.length === 0)}>
          {action.busy ? 'Exporting…' : forEveryone ? 'Export for everyone' : 'Export'}
        </button>
      </div>
      <ErrorBanner error={action.error} />
      {result && (
        <div role="status" className="export-result">
          {result.kind === 'one' ? <ExportResultView result={result.value} /> : <EveryoneExportResult result={result.value} />}
        </div>
      )}
    </form>
  );
}
