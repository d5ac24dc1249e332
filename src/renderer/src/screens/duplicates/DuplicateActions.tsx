import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DuplicateGroup } from '../../../../shared/api';
import type { DuplicateResolution } from '../../../../shared/library-care-api';
import { useClient } from '../../ClientContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useToast } from '../../components/ToastProvider';
import { invalidateAfter } from '../../data/invalidation';
import { useChange } from '../../data/useChange';
import { errorMessage } from '../../transport/ClientError';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * "Keep this, hide the rest" and "Move the rest to the trash" for one group. The trash asks first,
 * naming every file; both offer Undo (the trash only where Facet can put files back, else it says
 * where they are).
 */
export function DuplicateActions({ group, keepId }: { group: DuplicateGroup; keepId: number }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const change = useChange(['photos']);
  const [confirming, setConfirming] = useState(false);
  const rest = group.members.filter((m) => m.photoId !== keepId);
  const refusal = rest.find((m) => m.trashRefusal !== null);
  const restIds = rest.map((m) => m.photoId);

  async function undo(run: () => Promise<unknown>, message: string) {
    try {
      await run();
      await invalidateAfter(queryClient, ['photos']);
      toast({ message });
    } catch (error) {
      toast({ message: `Undo failed: ${errorMessage(error)}` });
    }
  }

  function announce(result: DuplicateResolution) {
    const count = plural(result.files.length, 'photo');
    if (result.action === 'hide') {
      toast({
        message: `Kept one, hid ${count} from the library.`,
        action: { label: 'Undo', run: () => void undo(() => client.call('setHidden', { photoIds: restIds, hidden: false }), `Shown again: ${count}.`) },
      });
    } else if (result.undo === 'restore') {
      const paths = result.files.map((f) => f.path);
      toast({
        message: `Moved ${count} to the system trash.`,
        action: { label: 'Undo', run: () => void undo(() => client.call('restoreFromTrash', { paths }), `Put back from the trash: ${count}.`) },
      });
    } else {
      toast({ message: `Moved ${count} to the system trash: put them back from there to undo.` });
    }
  }

  async function resolve(action: 'hide' | 'trash') {
    const result = await change.run(() => client.call('resolveDuplicates', { keepPhotoId: keepId, photoIds: restIds, action }));
    setConfirming(false);
    if (result) announce(result);
  }

  return (
    <div className="duplicate-actions">
      <button type="button" disabled={change.busy} onClick={() => void resolve('hide')}>
        Keep this, hide the rest
      </button>
      <button type="button" className="danger" disabled={change.busy || refusal !== undefined} onClick={() => setConfirming(true)}>
        Move the rest to the trash
      </button>
      {refusal && (
        <span className="hint">
          Not possible here: {refusal.path} is {refusal.trashRefusal}.
        </span>
      )}
      <ErrorBanner error={change.error} />
      {confirming && (
        <ConfirmDialog
          title={`Move ${plural(rest.length, 'file')} to the trash?`}
          confirmLabel="Move to the trash"
          busy={change.busy}
          onConfirm={() => void resolve('trash')}
          onCancel={() => setConfirming(false)}
        >
          <p>These files go to the system trash and leave the library (and their events):</p>
          <ul className="confirm-files">
            {rest.map((m) => (
              <li key={m.photoId}>{m.path}</li>
            ))}
          </ul>
          <p>You can put them back with Undo, or from the system trash.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
