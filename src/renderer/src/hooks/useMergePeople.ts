import { useCallback } from 'react';
import type { PersonSummary } from '../../../shared/people-api';
import { useClient } from '../ClientContext';
import { useUndoToast } from '../components/UndoToast';
import { personName } from '../screens/people/sortPeople';

/**
 * Merges one person into another and offers Undo in a toast (run it through a people change, so
 * the views reread). `onChanged` runs after the merge and after an undo, with the person that
 * holds the faces now.
 */
export function useMergePeople(onChanged?: (current: PersonSummary) => void): (person: PersonSummary, into: PersonSummary) => Promise<void> {
  const client = useClient();
  const undoToast = useUndoToast();
  return useCallback(
    async (person, into) => {
      const merged = await client.call('mergePeople', { personId: person.id, intoPersonId: into.id });
      onChanged?.(merged.person);
      undoToast({
        message: `Merged ${personName(person)} into ${personName(into)}.`,
        correction: merged,
        undoneMessage: `Merge undone: ${personName(person)} is back.`,
        onUndone: () => onChanged?.(person),
      });
    },
    [client, undoToast, onChanged],
  );
}
