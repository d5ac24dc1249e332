/**
 * Child process for the S3 kill -9 test: indexes the bucket prefix into <libraryDir> (adding the
 * source on the first run) and prints each progress event as one JSON line. The keys come from
 * FACET_S3_ACCESS_KEY_ID / FACET_S3_SECRET_ACCESS_KEY, as for the CLI without FACET_SECRET_KEY.
 * Usage: node --import tsx test/s3-library/helpers/index-s3-child.ts <libraryDir> <endpoint>
 */
import { openEngine } from '../../../src/main/api/engine';

const [libraryDir, endpoint] = process.argv.slice(2);
if (!libraryDir || !endpoint) {
  console.error('usage: index-s3-child.ts <libraryDir> <endpoint>');
  process.exit(2);
}

const engine = await openEngine({ libraryDir, threads: 1 });
engine.subscribe((event) => {
  if (event.type === 'index-progress') process.stdout.write(`${JSON.stringify(event.progress)}\n`);
});
if ((await engine.api.listSources({})).length === 0) {
  await engine.api.addS3Source({
    endpoint,
    region: 'us-east-1',
    bucket: 'photos',
    prefix: 'library/',
    forcePathStyle: true,
    accessKeyId: process.env.FACET_S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.FACET_S3_SECRET_ACCESS_KEY ?? '',
  });
}
await engine.indexAll();
await engine.close();
process.stdout.write('{"finished":true}\n');
