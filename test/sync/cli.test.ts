import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSyncResult } from '../../src/shared/api';
import { makeTempDir } from '../library/helpers/temp';
import { openContributor, scenePhoto, type Contributor } from './helpers/contributors';

const run = promisify(execFile);

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** One line for the user: no stack frames, no schema dump. */
function expectOneClearLine(stderr: string, ...parts: (string | RegExp)[]): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  for (const part of parts) expect(lines[0]).toMatch(part);
}
const repoRoot = path.resolve(import.meta.dirname, '../..');

async function facet(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/facet.js'), ...args], { cwd: repoRoot });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('facet sync <eventId>', () => {
  const temp = makeTempDir('sync-cli');
  const shared = path.join(temp.dir, 'shared');
  let dana: Contributor;

  beforeAll(async () => {
    fs.mkdirSync(shared);
    const photos = new Map<string, Buffer>();
    for (let i = 0; i < 3; i++) photos.set(`day/${i}.jpg`, await scenePhoto(40 + i));
    dana = await openContributor(temp.dir, { name: 'dana', photos }, 'Picnic');
    await dana.close();
  });

  afterAll(() => temp.cleanup());

  it('links with --folder, pushes, and is a no-op the second time', async () => {
    const first = await facet('--library', dana.libraryDir, 'sync', String(dana.eventId), '--folder', shared, '--json');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as EventSyncResult;
    // 3 photos and the event's name.
    expect(result).toMatchObject({ pushed: 4, objectsWritten: 3, segmentsWritten: 1, contributors: 1, sharedPhotos: 3 });
    const second = await facet('--library', dana.libraryDir, 'sync', String(dana.eventId));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('pushed 0, pulled 0');
    expect(second.stdout).toContain(shared);
  });

  it('says what is wrong for an event that is not linked', async () => {
    const unlinked = await facet('--library', dana.libraryDir, 'sync', '999');
    expect(unlinked.code).toBe(2);
    expect(unlinked.stderr).toContain('no event with id 999');
  });

  it('an event name with a control character (from before names were checked) is refused before anything is written', async () => {
    const photos = new Map<string, Buffer>();
    for (let i = 0; i < 2; i++) photos.set(`${i}.jpg`, await scenePhoto(60 + i));
    const erin = await openContributor(temp.dir, { name: 'erin', photos }, 'Tabs');
    await erin.close();
    const db = new Database(path.join(erin.libraryDir, 'catalog.sqlite'));
    db.prepare('UPDATE events SET name = ? WHERE id = ?').run('Beach\tday\u0000', erin.eventId);
    db.close();
    const folder = path.join(temp.dir, 'shared-tabs');
    fs.mkdirSync(folder);

    const refused = await facet('--library', erin.libraryDir, 'sync', String(erin.eventId), '--folder', folder);
    expect(refused.code).toBe(2);
    expectOneClearLine(refused.stderr, /event's name/, /control characters/, /rename/i);
    // Nothing half-pushed: no objects without the segment that would name them (linking only
    // published this library's key).
    expect(filesUnder(folder)).toEqual([expect.stringMatching(/^keys\/[0-9a-f-]{36}\.json$/)]);

    await erin.reopen();
    await erin.engine.api.renameEvent({ eventId: erin.eventId, name: 'Beach day' });
    await erin.close();
    const synced = await facet('--library', erin.libraryDir, 'sync', String(erin.eventId), '--json');
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ pushed: 3, objectsWritten: 2, segmentsWritten: 1 });
  });

  it('a push that fails before its segment is written says so in one line, and the next sync completes it', async () => {
    const photos = new Map<string, Buffer>();
    for (let i = 0; i < 3; i++) photos.set(`${i}.jpg`, await scenePhoto(70 + i));
    const finn = await openContributor(temp.dir, { name: 'finn', photos }, 'Harbour');
    const me = (await finn.engine.api.getEventSyncStatus({ eventId: finn.eventId })).contributorId;
    await finn.close();
    const folder = path.join(temp.dir, 'shared-blocked');
    // A file where this library's log folder must go: the objects can be written, the segment cannot.
    fs.mkdirSync(path.join(folder, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'logs', me), 'in the way');

    const failed = await facet('--library', finn.libraryDir, 'sync', String(finn.eventId), '--folder', folder);
    expect(failed.code).toBe(2);
    expectOneClearLine(failed.stderr, /unavailable/, /before its log segment was written/, /nothing was shared/, /sync again/);
    expect(filesUnder(path.join(folder, 'objects'))).toHaveLength(3);

    fs.rmSync(path.join(folder, 'logs', me));
    const again = await facet('--library', finn.libraryDir, 'sync', String(finn.eventId), '--json');
    expect(again.code, again.stderr).toBe(0);
    // The objects of the failed push are taken as they are; only the segment is new.
    expect(JSON.parse(again.stdout)).toMatchObject({ pushed: 4, objectsWritten: 0, segmentsWritten: 1, sharedPhotos: 3 });
  });
});
