import path from 'node:path';
import { callApi, withEngine, type GlobalOptions } from '../context';
import { indexUntilIdle } from '../progress';

/**
 * `facet index <folder>...`: adds the folders as sources when new, then indexes until idle.
 * `findSmallFaces`, when given, becomes the library's setting first (photos indexed from now on).
 */
export async function indexFolders(folders: string[], options: GlobalOptions, findSmallFaces?: boolean): Promise<void> {
  await withEngine(options, async (engine) => {
    if (findSmallFaces !== undefined) await callApi(engine, 'setLibrarySettings', { findSmallFaces });
    const known = new Set((await callApi(engine, 'listSources', {})).map((s) => s.root));
    for (const folder of folders) {
      const root = path.resolve(folder);
      if (!known.has(root)) await callApi(engine, 'addFolderSource', { path: root });
    }
    await indexUntilIdle(engine);
    const status = await callApi(engine, 'getStatus', {});
    process.stdout.write(
      `Indexed: ${status.photos} photos, ${status.videos} videos, ${status.missing} missing, ` +
        `${status.errors} files with errors. Library: ${status.libraryDir}\n`,
    );
    if (status.indexingPaused) process.stdout.write('Indexing is paused: the new and changed files wait until `facet resume`.\n');
    if (status.errors > 0) {
      const errors = await callApi(engine, 'listErrors', { limit: 20 });
      for (const error of errors) process.stdout.write(`  ${error.path}: ${error.stage}: ${error.reason}\n`);
      if (status.errors > errors.length) process.stdout.write(`  ... see \`facet errors\` for all\n`);
    }
  });
}
