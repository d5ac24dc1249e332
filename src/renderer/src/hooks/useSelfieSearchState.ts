import { useCallback, useRef, useState } from 'react';
import type { SearchScope, SelfieSearchResult } from '../../../shared/people-api';
import { useClient } from '../ClientContext';
import { navigate } from './useHashRoute';
import { readImageFiles, type SelfieImage } from '../screens/search/readImageFiles';
import { errorMessage } from '../transport/ClientError';

export interface SelfieSearch {
  images: SelfieImage[];
  /** Which face of the first image the user picked; undefined lets the engine take the largest. */
  faceIndex: number | undefined;
  scope: SearchScope;
  result: SelfieSearchResult | null;
  error: string | null;
  busy: boolean;
  /** New query images: opens the Search screen and searches at once with the current scope. */
  searchFiles: (files: readonly File[]) => Promise<void>;
  searchFace: (faceIndex: number) => void;
  setScope: (scope: SearchScope) => void;
}

interface Query {
  images: SelfieImage[];
  faceIndex: number | undefined;
  scope: SearchScope;
}

/** The selfie search the app is showing: its query, scope and answer. Superseded answers are dropped. */
export function useSelfieSearchState(): SelfieSearch {
  const client = useClient();
  const [query, setQuery] = useState<Query>({ images: [], faceIndex: undefined, scope: { kind: 'library' } });
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
  };
}
