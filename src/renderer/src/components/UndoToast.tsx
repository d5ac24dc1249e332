import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Correction } from '../../../shared/people-api';
import { useClient } from '../ClientContext';
import { invalidateAfter } from '../data/invalidation';
import { errorMessage } from '../transport/ClientError';
import { useToast, type ToastAction } from './ToastProvider';

interface UndoToastBase {
  /** What was done, as the toast says it ("Moved 2 faces to Ann."). */
  message: string;
  /** What the toast says once undone; default "Undone: <message>". */
  undoneMessage?: string;
  /** Runs once the undo went through (and what it changed is being fetched again): navigate back, clear a selection. */
  onUndone?: () => void;
  /** Offered after Undo, such as Open. */
  moreActions?: readonly ToastAction[];
}

/** What Undo reverses: a correction of people (exactly that one) or a guest just removed. */
export type UndoToast = UndoToastBase & ({ correction: Correction; removedGuestId?: never } | { removedGuestId: number; correction?: never });

/**
 * The one toast with Undo for every correction the user makes. A correction of people is undone
 * through the engine's undo stack (undoLastCorrection): when a later one came in between, the engine
 * refuses and the toast says so. A removed guest is restored while the engine still holds it
 * (restoreEventGuest, about a minute).
 */
export function useUndoToast(): (toast: UndoToast) => void {
  const client = useClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useCallback(
    ({ message, correction, removedGuestId, undoneMessage, onUndone, moreActions }: UndoToast) =>
      toast({
        message,
        action: {
          label: 'Undo',
          run: () => {
            const undo =
              correction !== undefined
                ? client.call('undoLastCorrection', { correctionId: correction.correctionId })
                : client.call('restoreEventGuest', { guestId: removedGuestId });
            undo.then(
              () => {
                void invalidateAfter(queryClient, correction !== undefined ? ['people'] : ['events']);
                toast({ message: undoneMessage ?? `Undone: ${message}` });
                onUndone?.();
              },
              (error: unknown) => toast({ message: `Undo failed: ${errorMessage(error)}` }),
            );
          },
        },
        moreActions,
      }),
    [client, queryClient, toast],
  );
}
