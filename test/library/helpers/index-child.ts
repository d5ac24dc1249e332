/**
 * Child process for the kill -9 test: indexes <folder> into <libraryDir> (adding the source on
 * the first run) and prints each progress event as one JSON line.
 * Usage: node --import tsx test/library/helpers/index-child.ts <libraryDir> <folder>
 */
import { openEngine } from '../../../src/main/api/engine';

const [libraryDir, folder] = process.argv.slice(2);
if (!libraryDir || !folder) {
  console.error('usage: index-child.ts <libraryDir> <folder>');
  process.exit(2);
}

const engine = await openEngine({ libraryDir, threads: 1 });
engine.subscribe((event) => {
  if (event.type === 'index-progress') process.stdout.write(`${JSON.stringify(event.progress)}\n`);
});
if ((await engine.api.listSources({})).length === 0) await engine.api.addFolderSource({ path: folder });
await engine.indexAll();
await engine.close();
process.stdout.write('{"finished":true}\n');
