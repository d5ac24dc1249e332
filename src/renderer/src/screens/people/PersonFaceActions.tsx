import { useState } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { PersonPicker } from '../../components/PersonPicker';
import { useUndoToast } from '../../components/UndoToast';
import { formatCount } from '../../format';
import type { Change } from '../../data/useChange';
import { navigate } from '../../hooks/useHashRoute';
import { NotAFaceButton } from './NotAFaceButton';
import { personName } from './sortPeople';

interface Props {
  person: PersonSummary;
  faceIds: number[];
  action: Change;
  /** After a correction and after its undo. */
  onDone: () => void;
}

/** Corrections on faces selected in a person's strip: split off, move, reject, not a face, make the cover. */
export function PersonFaceActions({ person, faceIds, action, onDone }: Props) {
  const client = useClient();
  const undoToast = useUndoToast();
  const [target, setTarget] = useState<PersonSummary | null>(null);
  const faces = formatCount(faceIds.length, 'face');

  const moveTo = async (to: PersonSummary | null) => {
    const moved = await action.run(() => client.call('moveFaces', { faceIds, personId: to?.id ?? null }));
    if (!moved) return;
    onDone();
    undoToast({
      message: `Moved ${faces} to ${to ? personName(moved.person) : 'a new person'}.`,
      correction: moved,
      onUndone: onDone,
      moreActions: [{ label: 'Open', run: () => navigate(`people/${moved.person.id}`) }],
    });
  };

  const reject = async () => {
    const rejected = await action.run(() => client.call('rejectFace', { faceIds, personId: person.id }));
    if (!rejected) return;
    onDone();
    undoToast({ message: `${faces} will no longer be matched to ${personName(person)}.`, correction: rejected, onUndone: onDone });
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
        <PersonPicker label="Move to" value={target} onChange={setTarget} excludeIds={[person.id]} />
        <button type="button" disabled={action.busy || !target} onClick={() => void moveTo(target)}>
          Move
        </button>
      </span>
      <button type="button" disabled={action.busy} onClick={() => void reject()}>
        Not this person
      </button>
      <NotAFaceButton faceIds={faceIds} action={action} onDone={onDone} />
      {faceIds.length === 1 && (
        <button type="button" disabled={action.busy} onClick={() => void makeCover()}>
          Use as cover
        </button>
      )}
    </>
  );
}
