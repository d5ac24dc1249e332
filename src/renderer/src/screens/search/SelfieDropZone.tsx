import { useWindowFileDrop } from '../../hooks/useWindowFileDrop';
import { useSelfieSearch } from './SelfieSearchContext';

/** The whole window accepts a dropped photo of a face; the overlay says so while one is dragged in. */
export function SelfieDropZone() {
  const { searchFiles } = useSelfieSearch();
  const dragging = useWindowFileDrop((files) => void searchFiles(files));
  if (!dragging) return null;
  return (
    <div className="drop-overlay" role="status" aria-label="Drop to search by selfie">
      <div className="drop-overlay-card">
        <span className="drop-overlay-icon" aria-hidden="true">
          ⤓
        </span>
        <p className="drop-overlay-title">Drop a photo of a face</p>
        <p>Facet finds the photos this person is in.</p>
      </div>
    </div>
  );
}
