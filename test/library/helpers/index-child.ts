/**
 * Child process for the kill -9 tests: indexes into <libraryDir> (adding the source on the first
 * run) and prints each progress event as one JSON line, then {"finished":true}.
 *   folder <path>:     the folder as a source.
 *   s3 <endpoint>:     the `photos` bucket's `library/` prefix, with the keys from
 *                      FACET_S3_ACCESS_KEY_ID / FACET_S3_SECRET_ACCESS_KEY (as for the CLI without FACET_SECRET_KEY).
 * Usage: node --import tsx test/library/helpers/index-child.ts <libraryDir> folder|s3 <path|endpoint>
 */
import { openEngine, type FacetEngine } from '../../../src/main/api/engine';
import { s3SourceInput } from '../../s3-library/helpers/engine';

const [libraryDir, kind, where] = process.argv.slice(2);
if (!libraryDir || (kind !== 'folder' && kind !== 's3') || !where) {
  console.error('usage: index-child.ts <libraryDir> folder|s3 <path|endpoint>');
  process.exit(2);
}

async function addSource(engine: FacetEngine, location: string): Promise<void> {
  if (kind === 'folder') {
    await engine.api.addFolderSource({ path: location });
    return;
  }
  await engine.api.addS3Source(
    s3SourceInput(location, {
      accessKeyId: process.env.FACET_S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.FACET_S3_SECRET_ACCESS_KEY ?? '',
    }),
  );
}

const engine = await openEngine({ libraryDir, threads: 1 });
engine.subscribe((event) => {
  if (event.type === 'index-progress') process.stdout.write(`${JSON.stringify(event.progress)}\n`);
});
if ((await engine.api.listSources({})).length === 0) await addSource(engine, where);
await engine.indexAll();
await engine.close();
process.stdout.write('{"finished":true}\n');
