import { formatCount, formatNumber } from '../format';
import { useApi } from '../data/useApi';

export function StatusBar() {
  const { data: status, error } = useApi('getStatus', {});
  return (
    <footer className="status-bar" aria-label="Library status">
      {error && <span role="alert">{error}</span>}
      {status && (
        <>
          <span>{formatCount(status.photos, 'photo')}</span>
          <span>{formatCount(status.videos, 'video')}</span>
          <span>{formatCount(status.sources, 'source')}</span>
          {status.missing > 0 && <span>{formatCount(status.missing, 'missing file')}</span>}
          {status.errors > 0 && <span>{formatCount(status.errors, 'error')}</span>}
          <span>{formatCount(status.faces, 'face')}</span>
          {status.faceModelUpdate && (
            <span>
              Updating faces to the new model: {formatNumber(status.faceModelUpdate.done)} of {formatNumber(status.faceModelUpdate.total)}
            </span>
          )}
          {status.faceIndexCatchingUp && <span title={status.faceIndexCatchingUp}>Face index catching up</span>}
          {status.catalogProblem && <span role="alert">{status.catalogProblem}</span>}
          {status.pendingJobs > 0 && <span>{formatCount(status.pendingJobs, 'pending job')}</span>}
          {status.executionProvider && <span>Models on {status.executionProvider}</span>}
          <span className="status-library" title={status.catalogPath}>
            {status.libraryDir}
          </span>
        </>
      )}
    </footer>
  );
}
