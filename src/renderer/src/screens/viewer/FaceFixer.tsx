import { useState } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PersonPicker } from '../../components/PersonPicker';
import { useUndoToast } from '../../components/UndoToast';
import { useAction } from '../../hooks/useAction';
import type { NamedFace } from '../../hooks/usePhotoFaces';
import { NotAFaceButton } from '../people/NotAFaceButton';
import { personName } from '../people/sortPeople';

interface Props {
  face: NamedFace;
  /** After a fix and after its undo. */
  onChanged: () => void;
}

/** Fixing one face where it is seen: put it on a person (or a new one), take it off its person, or set it aside as no face; each with Undo. */
export function FaceFixer({ face: { face, person }, onChanged }: Props) {
  const client = useClient();
  const undoToast = useUndoToast();
  const action = useAction();
  const [target, setTarget] = useState<PersonSummary | null>(null);

  const assign = async (to: PersonSummary | null) => {
    const moved = await action.run(() => client.call('moveFaces', { faceIds: [face.id], personId: to?.id ?? null }));
    if (!moved) return;
    onChanged();
    undoToast({ message: `Face put on ${to ? personName(moved.person) : 'a new person'}.`, correction: moved, onUndone: onChanged });
  };
  const notThisPerson = async (of: PersonSummary) => {
    const rejected = await action.run(() => client.call('rejectFace', { faceId: face.id, personId: of.id }));
    if (!rejected) return;
    onChanged();
    undoToast({ message: `Face taken off ${personName(of)}.`, correction: rejected, onUndone: onChanged });
  };

  return (
    <div className="face-fixer" role="group" aria-label="Fix this face">
      <span className="inline-field">
        <PersonPicker label="Assign to" value={target} onChange={setTarget} excludeIds={person ? [person.id] : []} />
        <button type="button" disabled={action.busy || !target} onClick={() => void assign(target)}>
          Assign
        </button>
      </span>
      <div className="face-fixer-buttons">
        <button type="button" disabled={action.busy} onClick={() => void assign(null)}>
          New person
        </button>
        {person && (
          <button type="button" disabled={action.busy} onClick={() => void notThisPerson(person)}>
            Not {personName(person)}
          </button>
        )}
        <NotAFaceButton faceIds={[face.id]} action={action} onDone={onChanged} />
      </div>
      <ErrorBanner error={action.error} />
    </div>
  );
}
