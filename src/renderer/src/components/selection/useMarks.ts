import { useMemo } from 'react';
import type { ApiOutput } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { useChange } from '../../data/useChange';

export interface Marks {
  busy: boolean;
  error: string | null;
  favourite: (photoIds: number[], favourite: boolean) => Promise<ApiOutput<'setFavourite'> | undefined>;
  rate: (photoIds: number[], rating: number) => Promise<ApiOutput<'setRating'> | undefined>;
  hide: (photoIds: number[], hidden: boolean) => Promise<ApiOutput<'setHidden'> | undefined>;
}

/** The user's marks on photos (favourite, stars, hidden); the photo lists showing them reread once one is set. */
export function useMarks(): Marks {
  const client = useClient();
  const change = useChange(['marks']);
  const { run } = change;
  const calls = useMemo(
    () => ({
      favourite: (photoIds: number[], favourite: boolean) => run(() => client.call('setFavourite', { photoIds, favourite })),
      rate: (photoIds: number[], rating: number) => run(() => client.call('setRating', { photoIds, rating })),
      hide: (photoIds: number[], hidden: boolean) => run(() => client.call('setHidden', { photoIds, hidden })),
    }),
    [client, run],
  );
  return { busy: change.busy, error: change.error, ...calls };
}
