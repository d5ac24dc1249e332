import { useState } from 'react';
import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PersonPicker } from '../../components/PersonPicker';
import { useUndoToast } from '../../components/UndoToast';
import { useChange } from '../../data/useChange';
import type { NamedFace } from '../../hooks/usePhotoFaces';
import { NotAFaceButton } from '../people/NotAFaceButton';
import { personName } from '../people/sortPeople';

/** Fixing one face where it is seen: put it on a person (or a new one), take it off its person, or set it aside as no face; each with Undo. */
export function FaceFixer({ face: { face, person } }: { face: NamedFace }) {
  const client = useClient();
  const undoToast = useUndoToast();
  const action = useChange(['people']);
  const [target, setTarget] = useState<PersonSummary | null>(null);

  const assign = async (to: PersonSummary | null) => {
    const moved = await action.run(() => client.call('moveFaces', { faceIds: [face.id], personId: to?.id ?? null }));
    if (moved) undoToast({ message: `Face put on ${to ? personName(moved.person) : 'a new person'}.`, correction: moved });
  };
  const notThisPerson = async (of: PersonSummary) => {
    const rejected = await action.run(() => client.call('rejectFace', { faceId: face.id, personId: of.id }));
    if (rejected) undoToast({ message: `Face taken off ${personName(of)}.`, correction: rejected });
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
        <NotAFaceButton faceIds={[face.id]} action={action} />
      </div>
      <ErrorBanner error={action.error} />
    </div>
  );
}
