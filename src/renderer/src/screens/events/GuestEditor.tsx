import { useId, useState, type FormEvent } from 'react';
import type { ApiInput } from '../../../../shared/api';
import type { EventGuestInfo } from '../../../../shared/guests-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatTimestamp } from '../../format';
import { useChange } from '../../data/useChange';
import { useApi } from '../../data/useApi';
import { PersonPicker } from '../people/PersonPicker';
import type { SelfieImage } from '../search/readImageFiles';
import { SelfieFilesField } from './SelfieFilesField';

type GuestChange = Omit<ApiInput<'updateEventGuest'>, 'guestId'>;

/** Rename a guest, add or remove their selfies, link or unlink a person. */
export function GuestEditor({ guest, onClose }: { guest: EventGuestInfo; onClose: () => void }) {
  const client = useClient();
  const action = useChange(['events']);
  const pickerId = useId();
  const nameId = useId();
  const { data: people } = useApi('listPeople', { includeHidden: false });
  const [name, setName] = useState(guest.name);
  const [selfies, setSelfies] = useState<SelfieImage[]>([]);
  const linked = people?.find((p) => p.id === guest.personId) ?? null;

  async function update(change: GuestChange): Promise<boolean> {
    const updated = await action.run(() => client.call('updateEventGuest', { guestId: guest.id, ...change }));
    return updated !== undefined;
  }

  async function rename(event: FormEvent) {
    event.preventDefault();
    if (name.trim() !== '' && name.trim() !== guest.name) await update({ name: name.trim() });
  }

  async function addSelfies() {
    if (await update({ addSelfies: selfies.map(({ fileName, base64 }) => ({ fileName, base64 })) })) setSelfies([]);
  }

  return (
    <section className="panel-form guest-editor" aria-label={`Edit guest ${guest.name}`}>
      <div className="section-heading">
        <h2>{guest.name}</h2>
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
      <form className="form-row" onSubmit={(e) => void rename(e)}>
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={action.busy || name.trim() === '' || name.trim() === guest.name}>
          Rename
        </button>
      </form>
      <h3>Selfies</h3>
      {guest.references.length === 0 && <p className="empty-note">No selfies.</p>}
      <ul className="reference-list" aria-label={`Selfies of ${guest.name}`}>
        {guest.references.map((reference) => (
          <li key={reference.id}>
            <span>{reference.fileName}</span>
            <span className="field-note">{formatTimestamp(reference.createdAt)}</span>
            <button
              type="button"
              disabled={action.busy}
              aria-label={`Remove selfie ${reference.fileName}`}
              onClick={() => void update({ removeReferenceIds: [reference.id] })}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <SelfieFilesField images={selfies} onChange={setSelfies} label={`More selfies of ${guest.name}`} />
      {selfies.length > 0 && (
        <button type="button" className="primary" disabled={action.busy} onClick={() => void addSelfies()}>
          Add {selfies.length === 1 ? 'selfie' : 'selfies'}
        </button>
      )}
      <div className="form-row">
        <PersonPicker id={pickerId} label="Person in the library" value={linked} onChange={(person) => void update({ personId: person?.id ?? null })} />
        {guest.personId !== null && (
          <button type="button" disabled={action.busy} onClick={() => void update({ personId: null })}>
            Unlink person
          </button>
        )}
      </div>
      <ErrorBanner error={action.error} />
    </section>
  );
}
