import type { PhotoFace } from '../../../shared/api';
import type { PersonSummary } from '../../../shared/people-api';
import { useApi } from '../data/useApi';

export interface NamedFace {
  face: PhotoFace;
  /** Null for a face that belongs to nobody yet. */
  person: PersonSummary | null;
}

/** The faces of a photo with the people they belong to. */
export function usePhotoFaces(photoId: number): { faces: NamedFace[]; error: string | null } {
  const faces = useApi('listPhotoFaces', { photoId });
  const people = useApi('listPeople', { includeHidden: true });
  const byId = new Map((people.data ?? []).map((p) => [p.id, p]));
  return {
    faces: (faces.data ?? []).map((face) => ({ face, person: face.personId === null ? null : (byId.get(face.personId) ?? null) })),
    error: faces.error,
  };
}
