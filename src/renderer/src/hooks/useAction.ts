import { useCallback, useState } from 'react';
import { errorMessage } from '../transport/ClientError';

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs a change; its failure becomes `error` (and resolves undefined) instead of throwing. */
  run: <T>(change: () => Promise<T>) => Promise<T | undefined>;
}

/** State of the changes a view makes (rename, merge, delete ...): busy while one runs, its error after. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(change: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await change();
    } catch (e) {
      setError(errorMessage(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
