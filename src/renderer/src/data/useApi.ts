import { useQuery } from '@tanstack/react-query';
import type { ApiInput, ApiOutput } from '../../../shared/api';
import { useClient } from '../ClientContext';
import { errorMessage } from '../transport/ClientError';
import type { QueryMethod } from './invalidation';

/** The query key of one read: invalidation matches reads by their method, the first element. */
export function apiKey<M extends QueryMethod>(method: M, input: ApiInput<M>): readonly [M, ApiInput<M>] {
  return [method, input];
}

export interface ApiRead<T> {
  data: T | undefined;
  /** The failure of the latest fetch, as a message for the view. */
  error: string | null;
  /** True until the first answer for this input arrived. */
  loading: boolean;
  /** True while any fetch for it runs, the first or a refetch. */
  fetching: boolean;
}

/**
 * One API read the view shows, cached under apiKey(method, input) and fetched again when an
 * engine event or a change made here invalidates it (data/invalidation.ts).
 */
export function useApi<M extends QueryMethod>(method: M, input: ApiInput<M>): ApiRead<ApiOutput<M>> {
  const client = useClient();
  const query = useQuery({ queryKey: apiKey(method, input), queryFn: () => client.call(method, input) });
  return {
    data: query.data,
    error: query.error ? errorMessage(query.error) : null,
    loading: query.isPending,
    fetching: query.isFetching,
  };
}
