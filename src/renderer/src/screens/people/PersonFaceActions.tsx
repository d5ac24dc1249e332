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
  person: PersonSummary;
  faceIds: number[];
  action: Action;
  onDone: () => void;
}

/** Corrections on faces selected in a person's strip: split off, move, reject, make the cover. */
export function PersonFaceActions({ person, faceIds, action, onDone }: Props) {
  const client = useClient();
  const toast = useToast();
  const pickerId = useId();
  const [target, setTarget] = useState<PersonSummary | null>(null);
  const faces = formatCount(faceIds.length, 'face');

  const moveTo = async (to: PersonSummary | null) => {
    const moved = await action.run(() => client.call('moveFaces', { faceIds, personId: to?.id ?? null }));
    if (!moved) return;
    onDone();
    toast({
      message: `Moved ${faces} to ${to ? personName(moved.person) : 'a new person'}.`,
      action: { label: 'Open', run: () => navigate(`people/${moved.person.id}`) },
    });
  };

  const reject = async () => {
    const done = await action.run(async () => {
      for (const faceId of faceIds) await client.call('rejectFace', { faceId, personId: person.id });
      return true;
    });
    if (!done) return;
    onDone();
    toast({ message: `${faces} will no longer be matched to ${personName(person)}.` });
  };

  const makeCover = async () => {
    if (await action.run(() => client.call('setPersonCover', { personId: person.id, faceId: faceIds[0]! }))) onDone();
  };

  return (
    <>
      <button type="button" disabled={action.busy} onClick={() => void moveTo(null)}>
        Move to new person
      </button>
      <span className="inline-field">
        <PersonPicker id={pickerId} label="Move to" value={target} onChange={setTarget} excludeId={person.id} />
        <button type="button" disabled={action.busy || !target} onClick={() => void moveTo(target)}>
          Move
        </button>
      </span>
      <button type="button" disabled={action.busy} onClick={() => void reject()}>
        Not this person
      </button>
      {faceIds.length === 1 && (
        <button type="button" disabled={action.busy} onClick={() => void makeCover()}>
          Use as cover
        </button>
      )}
    </>
  );
}
