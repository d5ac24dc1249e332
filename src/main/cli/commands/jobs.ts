/** `facet jobs`, `facet jobs retry <id|all>`: the background work of the Sources screen's panel. */
import type { JobsStatus } from '../../../shared/api';
import type { FacetEngine } from '../../api/engine';
import { callApi, CliError, printJson, withEngine, type GlobalOptions } from '../context';

export async function listJobs(options: GlobalOptions & { json?: boolean }): Promise<void> {
  await withEngine(options, async (engine) => {
    const { jobs } = await callApi(engine, 'getStatus', {});
    if (options.json) return printJson(jobs);
    process.stdout.write(describeJobs(jobs));
  });
}

export function describeJobs({ active, failed }: JobsStatus): string {
  const lines: string[] = [];
  for (const job of active) lines.push(`${job.state === 'running' ? 'Running' : 'Waiting'}: ${job.label}${job.attempt > 1 ? ` (try ${job.attempt})` : ''}`);
  if (failed.length === 0) lines.push(active.length === 0 ? 'No background work, and no failed jobs.' : 'No failed jobs.');
  else {
    lines.push(`Failed jobs (${failed.length}), kept until they succeed:`);
    for (const job of failed) {
      lines.push(`  [${job.id}] ${job.label}: ${job.reason} (${job.attempts} ${job.attempts === 1 ? 'try' : 'tries'}, last ${job.failedAt})`);
    }
    lines.push('Run them again with `facet jobs retry <id>` or `facet jobs retry all`.');
  }
  return lines.join('\n') + '\n';
}

/** Runs failed jobs again and waits for the background work to end (a scan, then its indexing). */
export async function retryJobs(target: string, options: GlobalOptions): Promise<void> {
  const jobId = target === 'all' ? undefined : Number(target);
  if (jobId !== undefined && (!Number.isSafeInteger(jobId) || jobId <= 0)) {
    throw new CliError(`not a job id: ${target} (an id that \`facet jobs\` lists, or all)`);
  }
  await withEngine(options, async (engine) => {
    const { retried } = await callApi(engine, 'retryJobs', { jobId });
    await untilQuiet(engine);
    const { jobs } = await callApi(engine, 'getStatus', {});
    process.stdout.write(`Ran ${retried} failed ${retried === 1 ? 'job' : 'jobs'} again.\n${describeJobs(jobs)}`);
  });
}

/** Background work runs in this process: it must end before the command closes the engine. */
async function untilQuiet(engine: FacetEngine): Promise<void> {
  for (;;) {
    const { jobs } = await callApi(engine, 'getStatus', {});
    if (jobs.active.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
