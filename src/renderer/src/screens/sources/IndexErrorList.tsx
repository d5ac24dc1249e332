import { useState } from 'react';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount, formatTimestamp } from '../../format';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';

/** Files that could not be indexed, each with the step that failed and why, and a way to try them again. */
export function IndexErrorList() {
  const client = useClient();
  const { data: errors, error } = useApi('listErrors', {});
  const retry = useChange(['photos', 'jobs']);
  const [retried, setRetried] = useState<string | null>(null);

  async function tryAgain() {
    const result = await retry.run(() => client.call('retryFailedFiles', {}));
    if (result) setRetried(`Trying ${formatCount(result.files, 'file')} again.`);
  }

  return (
    <section className="index-errors" aria-labelledby="index-errors-title">
      <div className="section-heading">
        <h2 id="index-errors-title">Indexing errors</h2>
        {errors && errors.length > 0 && (
          <button type="button" disabled={retry.busy} onClick={() => void tryAgain()}>
            Try these files again
          </button>
        )}
      </div>
      {retried && <p role="status">{retried}</p>}
      <ErrorBanner error={retry.error} />
      {error && <p role="alert">{error}</p>}
      {errors?.length === 0 && <p className="empty-note">No errors.</p>}
      {errors && errors.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Step</th>
              <th scope="col">Reason</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e) => (
              <tr key={e.id}>
                <td className="error-path">{e.path}</td>
                <td>{e.stage}</td>
                <td>{e.reason}</td>
                <td>{formatTimestamp(e.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
