import { useId, useState, type FormEvent } from 'react';
import type { EventGuestInfo } from '../../../../shared/guests-api';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useChange } from '../../data/useChange';
import { PersonPicker } from '../people/PersonPicker';
import type { SelfieImage } from '../search/readImageFiles';
import { SelfieFilesField } from './SelfieFilesField';

interface Props {
  eventId: number;
  /** A person of the event the guest starts from ("Add as guest"). */
  person: PersonSummary | null;
  onAdded: (guest: EventGuestInfo) => void;
  onCancel: () => void;
}

/** A guest is a name and their face: selfies, a person of the library, or both. */
export function AddGuestForm({ eventId, person: initialPerson, onAdded, onCancel }: Props) {
  const client = useClient();
  const action = useChange(['events']);
  const pickerId = useId();
  const [name, setName] = useState(initialPerson?.name ?? '');
  const [selfies, setSelfies] = useState<SelfieImage[]>([]);
  const [person, setPerson] = useState<PersonSummary | null>(initialPerson);
  const ready = name.trim() !== '' && (selfies.length > 0 || person !== null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    const guest = await action.run(() =>
      client.call('addEventGuest', {
        eventId,
        name: name.trim(),
        selfies: selfies.length > 0 ? selfies.map(({ fileName, base64 }) => ({ fileName, base64 })) : undefined,
        personId: person?.id,
      }),
    );
    if (guest) onAdded(guest);
  }

  return (
    <form className="panel-form" aria-label="Add a guest" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="form-row">
        <label htmlFor="guest-name">Guest name</label>
        <input id="guest-name" type="text" value={name} maxLength={200} placeholder="Penny" onChange={(e) => setName(e.target.value)} />
      </div>
      <SelfieFilesField images={selfies} onChange={setSelfies} label="Selfies of the guest" />
      <div className="form-row">
        <PersonPicker
          id={pickerId}
          label="Or a person of the library"
          value={person}
          onChange={(picked) => {
            setPerson(picked);
            if (picked?.name && name.trim() === '') setName(picked.name);
          }}
        />
      </div>
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || !ready}>
          {action.busy ? 'Finding their photos…' : 'Add guest'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {!ready && <span className="field-note">A guest needs a name, and selfies or a person.</span>}
      </div>
      <ErrorBanner error={action.error} />
    </form>
  );
}
