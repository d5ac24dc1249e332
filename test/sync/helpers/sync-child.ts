/**
 * Child process for the kill -9 test: syncs one event of a library. With <blockAfter>, it stops
 * (blocks its event loop) once that many photos were pushed, prints "blocked" and waits there to
 * be killed: their objects are written, the segment naming them is not.
 * Usage: node --import tsx test/sync/helpers/sync-child.ts <libraryDir> <eventId> [blockAfter]
 */
import { openEngine } from '../../../src/main/api/engine';

const [libraryDir, eventId, blockAfter] = process.argv.slice(2);
if (!libraryDir || !eventId) {
  console.error('usage: sync-child.ts <libraryDir> <eventId> [blockAfter]');
  process.exit(2);
}

const engine = await openEngine({ libraryDir, threads: 1, facePackDir: null });
engine.subscribe((event) => {
  if (event.type !== 'sync-progress' || event.phase !== 'pushing' || blockAfter === undefined) return;
  if (event.done >= Number(blockAfter)) {
    process.stdout.write('blocked\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
});
const result = await engine.api.syncEvent({ eventId: Number(eventId) });
process.stdout.write(`${JSON.stringify(result)}\n`);
await engine.close();
