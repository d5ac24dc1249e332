import type { FailedJob } from '../../../../shared/api';
import { useClient } from '../../ClientContext';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount, formatTimestamp } from '../../format';
import { useApi } from '../../data/useApi';
import { useChange } from '../../data/useChange';

/**
 * The engine's background work (getStatus().jobs): what runs or waits now, and the jobs that
 * failed, each with its reason and a way to run it again. A failed job stays listed until it
 * succeeds, also across restarts.
 */
export function BackgroundJobs() {
  const client = useClient();
  const { data: status, error } = useApi('getStatus', {});
  const retry = useChange(['jobs', 'sources', 'photos']);
  const jobs = status?.jobs;

  const runAgain = (job: FailedJob | null) => void retry.run(() => client.call('retryJobs', job === null ? {} : { jobId: job.id }));

  return (
    <section className="background-jobs" aria-labelledby="background-jobs-title">
      <div className="section-heading">
        <h2 id="background-jobs-title">Background work</h2>
        {jobs && jobs.failed.length > 1 && (
          <button type="button" disabled={retry.busy} onClick={() => runAgain(null)}>
            Retry all failed jobs
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      <ErrorBanner error={retry.error} />
      {jobs?.active.length === 0 && <p className="empty-note">Nothing running.</p>}
      {jobs && jobs.active.length > 0 && (
        <ul className="active-jobs" aria-label="Running and waiting jobs">
          {jobs.active.map((job) => (
            <li key={`${job.kind}:${job.subject}`}>
              {job.label}: {job.state === 'running' ? 'running' : 'waiting'}
              {job.attempt > 1 && ` (try ${job.attempt})`}
            </li>
          ))}
        </ul>
      )}
      {jobs && jobs.failed.length > 0 && (
        <table aria-label="Failed jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Reason</th>
              <th scope="col">Tries</th>
              <th scope="col">When</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.failed.map((job) => (
              <tr key={job.id}>
                <td>{job.label}</td>
                <td>{job.reason}</td>
                <td>{formatCount(job.attempts, 'try', 'tries')}</td>
                <td>{formatTimestamp(job.failedAt)}</td>
                <td>
                  <button type="button" disabled={retry.busy} aria-label={`Retry ${job.label}`} onClick={() => runAgain(job)}>
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
