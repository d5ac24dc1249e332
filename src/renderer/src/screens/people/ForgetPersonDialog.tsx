import type { PersonSummary } from '../../../../shared/people-api';
import { useClient } from '../../ClientContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useToast } from '../../components/ToastProvider';
import { formatCount } from '../../format';
import { useChange } from '../../data/useChange';
import { personName } from './sortPeople';

interface Props {
  person: PersonSummary;
  onForgotten: () => void;
  onCancel: () => void;
}

/** Forgetting cannot be undone: the dialog says exactly what is deleted and what stays. */
export function ForgetPersonDialog({ person, onForgotten, onCancel }: Props) {
  const client = useClient();
  const toast = useToast();
  const action = useChange(['people']);
  const name = personName(person);

  const forget = async () => {
    const result = await action.run(() => client.call('forgetPerson', { personId: person.id }));
    if (!result) return;
    toast({ message: `Forgot ${name}: face data of ${formatCount(result.faces, 'face')} deleted.` });
    onForgotten();
  };

  return (
    <ConfirmDialog title={`Forget ${name}?`} confirmLabel="Forget for good" busy={action.busy} onConfirm={() => void forget()} onCancel={onCancel}>
      <p>
        This deletes the face data of {formatCount(person.faceCount, 'face')} for good: the face crops, the face embeddings and their search index entries, and
        the person.
      </p>
      <p>The photos themselves stay in the library and on disk.</p>
      <ErrorBanner error={action.error} />
    </ConfirmDialog>
  );
}
