import { useCallback } from 'react';
import type { ApiOutput } from '../../../shared/api';
import type { Correction } from '../../../shared/people-api';
import { useClient } from '../ClientContext';
import { errorMessage } from '../transport/ClientError';
import { useToast, type ToastAction } from './ToastProvider';

export type Undone = ApiOutput<'undoLastCorrection'>;

export interface UndoToast {
  /** What was done, as the toast says it ("Moved 2 faces to Ann."). */
  message: string;
  /** The correction's answer: its id is what Undo undoes, exactly that one. */
  correction: Correction;
  /** What the toast says once undone; default "Undone: <message>". */
  undoneMessage?: string;
  /** Runs once the undo went through (reload, navigate back). */
  onUndone?: (undone: Undone) => void;
  /** Offered after Undo, such as Open. */
  moreActions?: readonly ToastAction[];
}

/**
 * A toast for a correction of people with Undo, which undoes that very correction through the
 * engine's undo stack (undoLastCorrection): when a later one came in between, the engine refuses
 * and the toast says so.
 */
export function useUndoToast(): (toast: UndoToast) => void {
  const client = useClient();
  const toast = useToast();
  return useCallback(
    ({ message, correction, undoneMessage, onUndone, moreActions }: UndoToast) =>
      toast({
        message,
        action: {
          label: 'Undo',
          run: () => {
            client.call('undoLastCorrection', { correctionId: correction.correctionId }).then(
              (undone) => {
                toast({ message: undoneMessage ?? `Undone: ${message}` });
                onUndone?.(undone);
              },
              (error: unknown) => toast({ message: `Undo failed: ${errorMessage(error)}` }),
            );
          },
        },
        moreActions,
      }),
    [client, toast],
  );
}
