import { useApi } from '../../data/useApi';

/** A copy of the shown photo, named by its path: copies share a name more often than a folder. */
export function DuplicateLink({ photoId, onOpen }: { photoId: number; onOpen: (photoId: number) => void }) {
  const { data: copy } = useApi('getPhoto', { photoId });
  return (
    <button type="button" className="link-button metadata-path" onClick={() => onOpen(photoId)}>
      {copy?.path ?? `Photo ${photoId}`}
    </button>
  );
}
