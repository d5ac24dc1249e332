import { useCallback, useRef, useState } from 'react';
import type { SearchScope, SelfieSearchResult } from '../../../shared/people-api';
import type { PhotoSearchFilter } from '../../../shared/places-api';
import { useClient } from '../ClientContext';
import { navigate } from './useHashRoute';
import { readImageFiles, type SelfieImage } from '../screens/search/readImageFiles';
import { errorMessage } from '../transport/ClientError';

export interface SelfieSearch {
  images: SelfieImage[];
  /** Which face of the first image the user picked; undefined lets the engine take the largest. */
  faceIndex: number | undefined;
  scope: SearchScope;
  /** Where and when (Search screen): narrows the selfie search's photos too, and is kept with it. */
  filter: PhotoSearchFilter | undefined;
  result: SelfieSearchResult | null;
  error: string | null;
  busy: boolean;
  /** New query images: opens the Search screen and searches at once with the current scope. */
  searchFiles: (files: readonly File[]) => Promise<void>;
  searchFace: (faceIndex: number) => void;
  setScope: (scope: SearchScope) => void;
  setFilter: (filter: PhotoSearchFilter | undefined) => void;
}

interface Query {
  images: SelfieImage[];
  faceIndex: number | undefined;
  scope: SearchScope;
  filter: PhotoSearchFilter | undefined;
}

/** The selfie search the app is showing: its query, scope and answer. Superseded answers are dropped. */
export function useSelfieSearchState(): SelfieSearch {
  const client = useClient();
  const [query, setQuery] = useState<Query>({ images: [], faceIndex: undefined, scope: { kind: 'library' }, filter: undefined });
  const [result, setResult] = useState<SelfieSearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);

  const run = useCallback(
    (next: Query) => {
      setQuery(next);
      if (next.images.length === 0) return;
      const mine = ++generation.current;
      setBusy(true);
      setError(null);
      client
        .call('searchBySelfie', {
          images: next.images.map(({ fileName, base64 }) => ({ fileName, base64 })),
          faceIndex: next.faceIndex,
          scope: next.scope,
          filter: next.filter,
        })
        .then(
          (answer) => {
            if (mine === generation.current) setResult(answer);
          },
          (e: unknown) => {
            if (mine !== generation.current) return;
            setResult(null);
            setError(errorMessage(e));
          },
        )
        .finally(() => {
          if (mine === generation.current) setBusy(false);
        });
    },
    [client],
  );

  const searchFiles = useCallback(
    async (files: readonly File[]) => {
      navigate('search');
      try {
        const images = await readImageFiles(files);
        setResult(null);
        run({ ...query, images, faceIndex: undefined });
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [query, run],
  );

  return {
    ...query,
    result,
    error,
    busy,
    searchFiles,
    searchFace: (faceIndex) => run({ ...query, faceIndex }),
    setScope: (scope) => run({ ...query, scope }),
    setFilter: (filter) => run({ ...query, filter }),
  };
}
