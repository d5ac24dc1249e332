import { useCallback } from 'react';
import type { PersonSummary } from '../../../shared/people-api';
import { useClient } from '../ClientContext';
import { useToast } from '../components/ToastProvider';
import { personName } from '../screens/people/sortPeople';
import { errorMessage } from '../transport/ClientError';

/**
 * Merges one person into another and offers Undo in a toast. `onChanged` runs after the merge and
 * after an undo, with the person that holds the faces now.
 */
export function useMergePeople(onChanged: (current: PersonSummary) => void): (person: PersonSummary, into: PersonSummary) => Promise<void> {
  const client = useClient();
  const toast = useToast();
  return useCallback(
    async (person, into) => {
      const { mergeId, person: merged } = await client.call('mergePeople', { personId: person.id, intoPersonId: into.id });
      onChanged(merged);
      toast({
        message: `Merged ${personName(person)} into ${personName(into)}.`,
        action: {
          label: 'Undo',
          run: () => {
            client.call('undoMerge', { mergeId }).then(
              () => {
                toast({ message: `Merge undone: ${personName(person)} is back.` });
                onChanged(person);
              },
              (error: unknown) => toast({ message: `Undo failed: ${errorMessage(error)}` }),
            );
          },
        },
      });
    },
    [client, toast, onChanged],
  );
}
