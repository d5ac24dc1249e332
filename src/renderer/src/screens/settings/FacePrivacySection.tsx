import { useState } from 'react';
import { useClient } from '../../ClientContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { RadioChoice } from '../../components/RadioChoice';
import { useToast } from '../../components/ToastProvider';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';

type Asking = null | 'switch-off' | 'delete-all';

/** The face recognition switch and "Delete all face data", each asking first where data may go. */
export function FacePrivacySection() {
  const client = useClient();
  const toast = useToast();
  const state = useApi('getFaceRecognition', {});
  const change = useChange(['people', 'sources']);
  const [asking, setAsking] = useState<Asking>(null);
  const [deleteOnOff, setDeleteOnOff] = useState<'keep' | 'delete'>('keep');
  const enabled = state.data?.enabled ?? true;

  async function switchOn() {
    if (await change.run(() => client.call('setFaceRecognition', { enabled: true }))) {
      toast({ message: 'Face recognition is on: photos indexed while it was off are being looked at for faces.' });
    }
  }

  async function switchOff() {
    const deleteFaceData = deleteOnOff === 'delete';
    const done = await change.run(() => client.call('setFaceRecognition', { enabled: false, deleteFaceData }));
    setAsking(null);
    if (done) toast({ message: deleteFaceData ? 'Face recognition is off and all face data was deleted.' : 'Face recognition is off; face data kept.' });
  }

  async function deleteAll() {
    const deleted = await change.run(() => client.call('deleteAllFaceData', {}));
    setAsking(null);
    if (deleted) toast({ message: `Deleted ${deleted.faces} faces and ${deleted.people} people. Face recognition is off.` });
  }

  return (
    <section className="settings-section" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Face recognition</h2>
      <label className="checkbox-label">
        <input
          type="checkbox"
          role="switch"
          checked={enabled}
          disabled={state.data === undefined || change.busy}
          onChange={(e) => (e.target.checked ? void switchOn() : setAsking('switch-off'))}
        />
        Face recognition
      </label>
      <p className="hint">
        {enabled ? 'Faces are found and recognized in the photos Facet indexes, on this machine only.' : 'Off: photos are indexed without looking for faces.'}{' '}
        The library holds {state.data?.faces ?? 0} faces of {state.data?.people ?? 0} people.
      </p>
      <button type="button" className="danger" disabled={change.busy || state.data === undefined} onClick={() => setAsking('delete-all')}>
        Delete all face data
      </button>
      <ErrorBanner error={state.error ?? change.error} />
      {asking === 'switch-off' && (
        <ConfirmDialog
          title="Turn face recognition off?"
          confirmLabel="Turn off"
          busy={change.busy}
          onConfirm={() => void switchOff()}
          onCancel={() => setAsking(null)}
        >
          <p>Photos indexed from now on are not looked at for faces. What about the faces Facet already found?</p>
          <RadioChoice
            name="face-data-on-off"
            legend="Existing face data"
            value={deleteOnOff}
            options={[
              { value: 'keep', label: 'Keep it (people, names and searches keep working)' },
              { value: 'delete', label: 'Delete it for good (every face, person and guest selfie)' },
            ]}
            onChange={setDeleteOnOff}
          />
        </ConfirmDialog>
      )}
      {asking === 'delete-all' && (
        <ConfirmDialog
          title="Delete all face data?"
          confirmLabel="Delete all face data"
          busy={change.busy}
          onConfirm={() => void deleteAll()}
          onCancel={() => setAsking(null)}
        >
          <p>
            Every face, person (with their names), guest selfie, face crop and the face index are deleted for good, in the catalog backups too. Face recognition
            is turned off; turning it on later finds faces in every photo again. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
