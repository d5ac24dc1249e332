import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../library/helpers/temp';
import { openContributor, scenePhoto, syncUntilQuiet, threeLibraries, type Contributor } from './helpers/contributors';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const childScript = path.join(repoRoot, 'test/sync/helpers/sync-child.ts');

/** Runs a sync in a child process and SIGKILLs it once it reports being blocked mid-push. */
function syncAndKill(libraryDir: string, eventId: number, blockAfter: number): Promise<{ signal: NodeJS.Signals | null; blocked: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, libraryDir, String(eventId), String(blockAfter)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let blocked = false;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (line !== 'blocked') return;
    blocked = true;
    child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, blocked }));
  });
}

const files = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    : [];

describe('kill -9 in the middle of a push, then sync again', () => {
  const temp = makeTempDir('sync-kill');
  const shared = path.join(temp.dir, 'shared');
  let people: Contributor[] = [];

  beforeAll(async () => {
    const { specs } = await threeLibraries();
    fs.mkdirSync(shared);
    people = await Promise.all(specs.map((spec) => openContributor(temp.dir, spec, 'Wedding')));
    for (const p of people)
      await p.engine.api.linkEventToSharedLocation({ eventId: p.eventId, location: { kind: 'folder', path: shared }, shareOriginals: true, shareFaces: false });
    await syncUntilQuiet(people);
  });

  afterAll(async () => {
    await Promise.all(people.map((p) => p.close()));
    temp.cleanup();
  });

  it('loses nothing and accepts no partial segment', async () => {
    const [alice, bob, carol] = people as [Contributor, Contributor, Contributor];
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(bob.photosDir, `late-${i}.jpg`), await scenePhoto(500 + i));
    await bob.engine.indexAll();
    const added = await bob.engine.api.addPhotosToEvent({ eventId: bob.eventId, selection: { kind: 'dates', from: '1970-01-01', to: '2100-01-01' } });
    expect(added.changed).toBe(6);
    const objectsBefore = files(path.join(shared, 'objects')).length;
    const bobId = (await bob.engine.api.getEventSyncStatus({ eventId: bob.eventId })).contributorId;
    const bobLogs = () => files(path.join(shared, 'logs')).filter((f) => f.startsWith(`${bobId}/`));
    const segmentsBefore = bobLogs();

    await bob.close();
    const killed = await syncAndKill(bob.libraryDir, bob.eventId, 3);
    expect(killed).toEqual({ signal: 'SIGKILL', blocked: true });
    // Three objects landed, the segment that would name them did not.
    expect(files(path.join(shared, 'objects')).length).toBe(objectsBefore + 3);
    expect(bobLogs()).toEqual(segmentsBefore);
    // A synced drive may also hand others a half-delivered segment: it must be refused, not used.
    const nextSeq = segmentsBefore.length + 1;
    const partial = path.join(shared, 'logs', bobId, `${String(nextSeq).padStart(10, '0')}.json`);
    fs.writeFileSync(partial, '{"format":"facet-sync","formatVersion":1,"contributorId":"');

    for (const other of [alice, carol]) {
      const result = await other.engine.api.syncEvent({ eventId: other.eventId });
      expect(result.pulled).toBe(0);
      expect(result.refusals).toEqual([expect.objectContaining({ reason: 'incomplete' })]);
      expect(await other.eventShas()).toHaveLength(16);
    }

    await bob.reopen();
    await syncUntilQuiet(people);
    const sets = await Promise.all(people.map((p) => p.eventShas()));
    expect(sets[0]).toHaveLength(22);
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
    // The rerun wrote the 3 missing objects only, and its segment after the partial one.
    expect(files(path.join(shared, 'objects')).length).toBe(objectsBefore + 6);
    expect(bobLogs()).toHaveLength(segmentsBefore.length + 2);
    expect(fs.readdirSync(shared, { recursive: true }).some((name) => String(name).includes(`.facet-tmp-${bobId}`))).toBe(false);
    console.info(
      `kill -9: objects ${objectsBefore} -> ${objectsBefore + 3} (killed) -> ${objectsBefore + 6}; bob segments ${segmentsBefore.length} -> ${segmentsBefore.length + 2}`,
    );
  });
});
