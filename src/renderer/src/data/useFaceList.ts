import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiInput, ApiOutput } from '../../../shared/api';
import type { FacePage, FaceSummary } from '../../../shared/people-api';
import { useClient } from '../ClientContext';
import { errorMessage } from '../transport/ClientError';
import type { QueryMethod } from './invalidation';

/** The reads that page through faces (a person's, the unsorted, the ignored). */
type PagedFaceMethod = { [M in QueryMethod]: ApiOutput<M> extends FacePage ? M : never }[QueryMethod];

/** One face sequence: the read and its input without the page window. */
export type FaceSequence = { [M in PagedFaceMethod]: { method: M; input: Omit<ApiInput<M>, 'offset' | 'limit'> } }[PagedFaceMethod];

const pageSize = 200;

export interface FaceList {
  faces: FaceSummary[];
  total: number | null;
  error: string | null;
  /** Loads the next page, when there is one. */
  loadMore: (() => void) | null;
}

/**
 * Faces of one sequence shown a page at a time ("Show more faces"); when the read is invalidated,
 * every page shown is fetched again.
 */
export function useFaceList(sequence: FaceSequence): FaceList {
  const client = useClient();
  const query = useInfiniteQuery({
    // Method first, as invalidation matches; 'pages' keeps it apart from a one-page read of it.
    queryKey: [sequence.method, sequence.input, 'pages'],
    queryFn: ({ pageParam }) => client.call(sequence.method, { ...sequence.input, offset: pageParam, limit: pageSize } as never) as Promise<FacePage>,
    initialPageParam: 0,
    getNextPageParam: (last: FacePage, pages: FacePage[]) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
  });
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  // One array per answer, so views can depend on it.
  const faces = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);
  return {
    faces,
    total: data?.pages.at(-1)?.total ?? null,
    error: query.error ? errorMessage(query.error) : null,
    loadMore: hasNextPage && !isFetchingNextPage ? () => void fetchNextPage() : null,
  };
}
