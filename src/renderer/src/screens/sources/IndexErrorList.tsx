import { formatTimestamp } from '../../format';
import { useApi } from '../../data/useApi';

/** Files that could not be indexed, each with the step that failed and why. */
export function IndexErrorList() {
  const { data: errors, error } = useApi('listErrors', {});
  return (
    <section className="index-errors" aria-labelledby="index-errors-title">
      <h2 id="index-errors-title">Indexing errors</h2>
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
