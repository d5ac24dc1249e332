import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ChangeDomain } from '../../../shared/api';
import { errorMessage } from '../transport/ClientError';
import { invalidateAfter } from './invalidation';

export interface Change {
  busy: boolean;
  error: string | null;
  /** Runs a change; its failure becomes `error` (and resolves undefined) instead of throwing. */
  run: <T>(change: () => Promise<T>) => Promise<T | undefined>;
}

/**
 * State of the changes a view makes (rename, merge, delete ...): busy while one runs, its error
 * after. Once one succeeds, the reads that depend on `domains` are fetched again at once: the
 * engine's event about it would do the same, but whoever made the change should not wait for it.
 */
export function useChange(domains: readonly ChangeDomain[]): Change {
  const queryClient = useQueryClient();
  const { mutateAsync, isPending, error } = useMutation({
    mutationFn: (change: () => Promise<unknown>) => change(),
    onSuccess: () => invalidateAfter(queryClient, domains),
  });
  const run = useCallback(
    async <T>(change: () => Promise<T>): Promise<T | undefined> => {
      try {
        return (await mutateAsync(change)) as T;
      } catch {
        return undefined;
      }
    },
    [mutateAsync],
  );
  return { busy: isPending, error: error ? errorMessage(error) : null, run };
}
