/** `facet pause`, `facet resume`, `facet retry`: the Sources screen's indexing controls. */
import { callApi, CliError, withEngine, type GlobalOptions } from '../context';
import { indexUntilIdle } from '../progress';

export async function pauseCommand(options: GlobalOptions): Promise<void> {
  await withEngine(options, async (engine) => {
    await callApi(engine, 'pauseIndexing', {});
    process.stdout.write('Indexing paused: new and changed files wait until `facet resume` (also in the app).\n');
  });
}

export async function resumeCommand(options: GlobalOptions): Promise<void> {
  await withEngine(options, async (engine) => {
    await callApi(engine, 'resumeIndexing', {});
    await indexUntilIdle(engine);
    const status = await callApi(engine, 'getStatus', {});
    process.stdout.write(`Indexing resumed: ${status.photos} photos, ${status.errors} files with errors.\n`);
  });
}

/** Tries the failed files again and indexes them (waits, like `facet index`). */
export async function retryCommand(options: GlobalOptions & { source?: string }): Promise<void> {
  const sourceId = options.source === undefined ? undefined : Number(options.source);
  if (sourceId !== undefined && (!Number.isSafeInteger(sourceId) || sourceId <= 0)) throw new CliError(`not a source id: ${options.source}`);
  await withEngine(options, async (engine) => {
    const retried = await callApi(engine, 'retryFailedFiles', { sourceId });
    const status = await callApi(engine, 'getStatus', {});
    if (status.indexingPaused) {
      process.stdout.write(`${retried.files} files and ${retried.faces} photos' faces queued again; indexing is paused (\`facet resume\`).\n`);
      return;
    }
    await indexUntilIdle(engine);
    const after = await callApi(engine, 'getStatus', {});
    process.stdout.write(
      `Tried again: ${retried.files} files, faces of ${retried.faces} photos. ${after.errors} files still have errors (\`facet errors\`).\n`,
    );
  });
}
