import { useClient } from '../../ClientContext';
import { useChange } from '../../data/useChange';

/** Takes the selected photos out of the event whose grid they were selected in. */
export function RemoveFromEventButton({ eventId, photoIds, onRemoved }: { eventId: number; photoIds: number[]; onRemoved: () => void }) {
  const client = useClient();
  const action = useChange(['events']);
  async function remove() {
    const change = await action.run(() => client.call('removePhotosFromEvent', { eventId, selection: { kind: 'photos', photoIds } }));
    if (change) onRemoved();
  }
  return (
    <button type="button" onClick={() => void remove()} disabled={action.busy} title={action.error ?? undefined}>
      Remove from event
    </button>
  );
}
