import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSyncResult } from '../../src/shared/api';
import { makeTempDir } from '../library/helpers/temp';
import { openContributor, scenePhoto, type Contributor } from './helpers/contributors';

const run = promisify(execFile);
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
});
