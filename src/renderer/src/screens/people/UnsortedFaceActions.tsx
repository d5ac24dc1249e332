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
  faceIds: number[];
  action: Change;
  /** After a correction and after its undo. */
  onDone: () => void;
}

/** Gives faces that belong to nobody a person (an existing one or a new one), or sets them aside as no face. */
export function UnsortedFaceActions({ faceIds, action, onDone }: Props) {
  const client = useClient();
  const undoToast = useUndoToast();
  const [target, setTarget] = useState<PersonSummary | null>(null);

  const assign = async (to: PersonSummary | null) => {
    const moved = await action.run(() => client.call('moveFaces', { faceIds, personId: to?.id ?? null }));
    if (!moved) return;
    onDone();
    undoToast({
      message: `${formatCount(faceIds.length, 'face')} added to ${to ? personName(moved.person) : 'a new person'}.`,
      correction: moved,
      onUndone: onDone,
      moreActions: [{ label: 'Open', run: () => navigate(`people/${moved.person.id}`) }],
    });
  };

  return (
    <>
      <button type="button" disabled={action.busy} onClick={() => void assign(null)}>
        New person from selected
      </button>
      <span className="inline-field">
        <PersonPicker label="Add to" value={target} onChange={setTarget} />
        <button type="button" disabled={action.busy || !target} onClick={() => void assign(target)}>
          Add
        </button>
      </span>
      <NotAFaceButton faceIds={faceIds} action={action} onDone={onDone} />
    </>
  );
}
