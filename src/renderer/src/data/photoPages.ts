import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { ApiInput, ApiOutput, PhotoPage, PhotoSummary } from '../../../shared/api';
import { useClient } from '../ClientContext';
import { errorMessage } from '../transport/ClientError';
import { apiKey } from './useApi';
import type { QueryMethod } from './invalidation';

/** The reads that page through a photo sequence (listPhotos, a person's, an event's, a guest's). */
type PagedPhotoMethod = { [M in QueryMethod]: ApiOutput<M> extends PhotoPage ? (ApiInput<M> extends { offset: number } ? M : never) : never }[QueryMethod];

/** One photo sequence: the read and its input without the page window. */
export type PhotoSequence = { [M in PagedPhotoMethod]: { method: M; input: Omit<ApiInput<M>, 'offset' | 'limit'> } }[PagedPhotoMethod];

export const photoPageSize = 500;
/**
 * Pages out of view are dropped this long after they left it, so scrolling through 100,000
 * photos keeps memory flat; scrolling back within it shows them at once.
 */
const unusedPageMs = 30_000;

export interface PhotoRange {
  /** Undefined while its page is loading (or outside the range asked for). */
  photoAt: (offset: number) => PhotoSummary | undefined;
  /** Length of the whole sequence as the latest page reported it; null before any page arrived. */
  total: number | null;
  error: string | null;
}

/**
 * The pages of `sequence` holding offsets first..last (none when last < first) and `pinned`,
 * each one query (key apiKey(method, {...input, offset, limit})) fetched when it comes into view
 * and invalidated with its read. After an invalidation the old page shows until its
 * replacement arrives, so tiles never flash.
 */
export function usePhotoRange(sequence: PhotoSequence, first: number, last: number, pinned: number | null = null): PhotoRange {
  const client = useClient();
  // The same pages for as long as the range stays within them, however it scrolls meanwhile.
  const pagesKey = pagesFor(first, last, pinned).join(',');
  const pages = useMemo(() => (pagesKey === '' ? [] : pagesKey.split(',').map(Number)), [pagesKey]);
  // Callers spell the sequence inline: by value, so scroll frames reuse the same query options.
  const sequenceKey = JSON.stringify(sequence);
  const queries = useMemo(() => {
    const { method, input } = JSON.parse(sequenceKey) as PhotoSequence;
    return pages.map((page) => {
      const pageInput = { ...input, offset: page * photoPageSize, limit: photoPageSize } as ApiInput<PagedPhotoMethod>;
      return {
        queryKey: apiKey(method, pageInput),
        queryFn: () => client.call(method, pageInput as never) as Promise<PhotoPage>,
        gcTime: unusedPageMs,
        // Rows scrolling back into view show their page as it is: only 'photos' changes reread it.
        staleTime: Number.POSITIVE_INFINITY,
      };
    });
  }, [client, pages, sequenceKey]);
  // Plain answers only, which TanStack Query shares structurally: the range stays the same object
  // (and the grid's rows unrendered) until a page's content changes, refetches and all.
  const combine = useCallback(
    (results: UseQueryResult<PhotoPage>[]) => ({
      loaded: results.flatMap((result, i) => (result.data ? [{ page: pages[i]!, data: result.data }] : [])),
      error: results.find((result) => result.error)?.error,
    }),
    [pages],
  );
  const { loaded, error } = useQueries({ queries, combine });

  return useMemo(() => {
    const byPage = new Map(loaded.map(({ page, data }) => [page, data]));
    return {
      photoAt: (offset: number) => byPage.get(Math.floor(offset / photoPageSize))?.items[offset % photoPageSize],
      total: loaded.at(-1)?.data.total ?? null,
      error: error ? errorMessage(error) : null,
    };
  }, [loaded, error]);
}

/** Page numbers covering first..last and pinned, ascending, each once. */
export function pagesFor(first: number, last: number, pinned: number | null): number[] {
  const pages = new Set<number>();
  if (last >= first) for (let page = Math.floor(first / photoPageSize); page <= Math.floor(last / photoPageSize); page++) pages.add(page);
  if (pinned !== null && pinned >= 0) pages.add(Math.floor(pinned / photoPageSize));
  return [...pages].sort((a, b) => a - b);
}
