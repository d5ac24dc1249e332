import { useCallback } from 'react';
import type { PhotoFace } from '../../../shared/api';
import type { PersonSummary } from '../../../shared/people-api';
import { useApiQuery } from './useApiQuery';

export interface NamedFace {
  face: PhotoFace;
  /** Null for a face that belongs to nobody yet. */
  person: PersonSummary | null;
}

/**
 * The faces of a photo with the people they belong to. `reload` after changing them here: the
 * change event reloads them too, but the one who changed them should not wait for it.
 */
export function usePhotoFaces(photoId: number): { faces: NamedFace[]; error: string | null; reload: () => void } {
  const faces = useApiQuery('listPhotoFaces', { photoId }, ['library-changed']);
  const people = useApiQuery('listPeople', { includeHidden: true }, ['library-changed']);
  const byId = new Map((people.data ?? []).map((p) => [p.id, p]));
  const { reload: reloadFaces } = faces;
  const { reload: reloadPeople } = people;
  const reload = useCallback(() => {
    reloadFaces();
    reloadPeople();
  }, [reloadFaces, reloadPeople]);
  return {
    faces: (faces.data ?? []).map((face) => ({ face, person: face.personId === null ? null : (byId.get(face.personId) ?? null) })),
    error: faces.error,
    reload,
  };
}
