import { useState, type FormEvent } from 'react';
import type { ApiInput, EventSyncStatus } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PathField } from '../../components/PathField';
import { RadioChoice } from '../../components/RadioChoice';
import { useChange } from '../../data/useChange';
import { S3Fields, emptyS3Settings, s3Input, s3SettingsReady, type S3Settings } from '../sources/S3Fields';

type Location = ApiInput<'linkEventToSharedLocation'>['location'];

const SYNC_KINDS = [
  { value: 'folder', label: 'A shared folder' },
  { value: 's3', label: 'An S3 bucket' },
] as const;

interface Props {
  eventId: number;
  current: EventSyncStatus | undefined;
  onLinked: (status: EventSyncStatus) => void;
}

/** Where the event syncs: a folder everyone reaches (a synced drive), or an S3 prefix. The keys are never shown again. */
export function LinkLocationForm({ eventId, current, onLinked }: Props) {
  const client = useClient();
  const action = useChange(['events']);
  const [kind, setKind] = useState<'folder' | 's3'>(current?.location?.kind ?? 'folder');
  const [path, setPath] = useState(current?.location?.kind === 'folder' ? current.location.root : '');
  const [s3, setS3] = useState<S3Settings>(emptyS3Settings);
  const [shareOriginals, setShareOriginals] = useState(current?.shareOriginals ?? true);
  const [shareFaces, setShareFaces] = useState(current?.shareFaces ?? false);
  const location: Location | null =
    kind === 'folder' ? (path.trim() === '' ? null : { kind: 'folder', path: path.trim() }) : s3SettingsReady(s3) ? { kind: 's3', ...s3Input(s3) } : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!location) return;
    const linked = await action.run(() => client.call('linkEventToSharedLocation', { eventId, location, shareOriginals, shareFaces }));
    if (!linked) return;
    // The secret went to the engine's secret store; the form keeps no copy.
    setS3((settings) => ({ ...settings, secretAccessKey: '' }));
    onLinked(linked);
  }

  return (
    <form className="sync-link-form" aria-label="Shared location" onSubmit={(e) => void submit(e)}>
      <RadioChoice legend="Sync through" name="sync-kind" options={SYNC_KINDS} value={kind} onChange={setKind} />
      {kind === 'folder' ? (
        <PathField id="sync-folder" label="Shared folder path" value={path} placeholder="/home/me/Dropbox/party" onChange={setPath} />
      ) : (
        <S3Fields idPrefix="sync-s3" settings={s3} onChange={setS3} />
      )}
      <div className="form-row">
        <label className="checkbox-label">
          <input type="checkbox" checked={shareOriginals} onChange={(e) => setShareOriginals(e.target.checked)} /> Share originals (otherwise 2048 px copies)
        </label>
        <label className="checkbox-label">
          <input type="checkbox" checked={shareFaces} onChange={(e) => setShareFaces(e.target.checked)} /> Share found faces (biometric data)
        </label>
      </div>
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || !location}>
          {action.busy ? 'Linking…' : current?.linked ? 'Link to this location' : 'Link'}
        </button>
      </div>
      <ErrorBanner error={action.error} />
    </form>
  );
}
