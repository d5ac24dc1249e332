/**
 * The fault-injection run's child for what the `facet` command has no verb for: recluster people,
 * export an event as a folder package. Prints the API result as JSON when it completes.
 * Usage: node --import tsx bench/faults-child.ts <libraryDir> recluster | export <eventId> <destination>
 */
import { openEngine } from '../src/main/api/engine';

const [libraryDir, operation, eventId, destination] = process.argv.slice(2);
if (!libraryDir || (operation !== 'recluster' && operation !== 'export')) {
  console.error('usage: faults-child.ts <libraryDir> recluster | export <eventId> <destination>');
  process.exit(2);
}
const engine = await openEngine({ libraryDir, threads: 1 });
try {
  const result =
    operation === 'recluster'
      ? await engine.api.reclusterPeople({})
      : await engine.api.exportEvent({ eventId: Number(eventId), destination: destination!, format: 'folder', includeOriginals: false });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await engine.close();
}
