import { useId, useState } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { useToast } from '../../components/ToastProvider';
import { formatCount } from '../../format';
import type { Action } from '../../hooks/useAction';
import { navigate } from '../../hooks/useHashRoute';
import { PersonPicker } from './PersonPicker';
import { personName } from './sortPeople';

interface Props {
  faceIds: number[];
  action: Action;
  onDone: () => void;
}

/** Gives faces that belong to nobody a person: an existing one, or a new one. */
export function UnsortedFaceActions({ faceIds, action, onDone }: Props) {
  const client = useClient();
  const toast = useToast();
  const pickerId = useId();
  const [target, setTarget] = useState<PersonSummary | null>(null);

  const assign = async (to: PersonSummary | null) => {
    const moved = await action.run(() => client.call('moveFaces', { faceIds, personId: to?.id ?? null }));
    if (!moved) return;
    onDone();
    toast({
      message: `${formatCount(faceIds.length, 'face')} added to ${to ? personName(moved.person) : 'a new person'}.`,
      action: { label: 'Open', run: () => navigate(`people/${moved.person.id}`) },
    });
  };

  return (
    <>
      <button type="button" disabled={action.busy} onClick={() => void assign(null)}>
        New person from selected
      </button>
      <span className="inline-field">
        <PersonPicker id={pickerId} label="Add to" value={target} onChange={setTarget} />
        <button type="button" disabled={action.busy || !target} onClick={() => void assign(target)}>
          Add
        </button>
      </span>
    </>
  );
}
