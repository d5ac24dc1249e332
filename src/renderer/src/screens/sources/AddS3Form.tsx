import { useState, type FormEvent } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useChange } from '../../data/useChange';
import { S3Fields, emptyS3Settings, s3Input, s3SettingsReady, type S3Settings } from './S3Fields';

/** A bucket prefix as a read-only source. The keys go to the engine's secret store and are never shown again. */
export function AddS3Form({ onAdded, onCancel }: { onAdded: () => void; onCancel: () => void }) {
  const client = useClient();
  const action = useChange(['sources']);
  const [settings, setSettings] = useState<S3Settings>(emptyS3Settings);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!s3SettingsReady(settings)) return;
    const added = await action.run(() => client.call('addS3Source', s3Input(settings)));
    if (!added) return;
    setSettings(emptyS3Settings);
    onAdded();
  }

  return (
    <form className="panel-form" aria-label="Add S3 bucket" onSubmit={(e) => void submit(e)}>
      <S3Fields idPrefix="source-s3" settings={settings} onChange={setSettings} />
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || !s3SettingsReady(settings)}>
          {action.busy ? 'Adding…' : 'Add bucket'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="field-note">Facet only reads from the bucket; it never writes or deletes there.</span>
      </div>
      <ErrorBanner error={action.error} />
    </form>
  );
}
